import Foundation
import GantryTestSupport
import Testing

/// Broken and hostile input, through the real executable: every case ends with exit status 2 and a
/// `file:line` message on standard error, or is planned with the value passed literally into argv.
/// Never a crash or a hang. (Planning starts no process; that a build runs such values without a
/// shell is CommandBackendTests'.)
@Suite struct HostileInputTests {
  enum Expect: Sendable {
    /// Exit 2, and standard error contains this text (a `file:line` location, a message).
    case rejected(String)
    /// Exit 0; the plan JSON holds this exact argv element for the first job.
    case literal(String)
    /// Exit 0.
    case accepted
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var files: [String: String]
    var expect: Expect
    var arguments: [String] = ["plan", "--format", "json"]
    var testDescription: String { name }
  }

  static let dockerfile = ["api/Dockerfile": "FROM busybox\n"]

  /// A manifest with one service `api` whose body (indented under `api:`) is `body`.
  static func service(_ body: String) -> [String: String] {
    dockerfile.merging(["gantry.yml": "services:\n  api:\n    context: api\n" + body]) { $1 }
  }

  static func manifest(_ text: String) -> [String: String] {
    dockerfile.merging(["gantry.yml": text]) { $1 }
  }

  static let bomb: String = {
    var lines = ["x-0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
      lines.append(
        "x-\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n")
  }()

  static let cases: [Case] = [
    // Malformed YAML
    Case(
      name: "unclosed flow sequence", files: manifest("services: [api\n"),
      expect: .rejected("gantry.yml:2:1: error: invalid YAML")),
    Case(
      name: "tab indentation", files: manifest("services:\n\tapi:\n\t\tcontext: api\n"),
      expect: .rejected("gantry.yml:2:1: error: invalid YAML")),
    Case(
      name: "unterminated quote", files: manifest("services:\n  api:\n    context: \"api\n"),
      expect: .rejected("error: invalid YAML")),
    Case(
      name: "undefined alias", files: manifest("services:\n  api: *nothing\n"),
      expect: .rejected("gantry.yml:2:8: error: invalid YAML")),
    Case(name: "two documents", files: manifest("services: {}\n---\nservices: {}\n"), expect: .rejected("gantry.yml:")),
    Case(
      name: "complex mapping key", files: manifest("services:\n  ? [a, b]\n  : {context: api}\n"),
      expect: .rejected("keys of services must be strings")),
    Case(
      name: "duplicate service", files: manifest("services:\n  api: {context: api}\n  api: {context: api}\n"),
      expect: .rejected("duplicate key 'api'")),
    Case(
      name: "deeply nested flow lists",
      files: manifest("services: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"),
      expect: .rejected("gantry.yml:1:")),
    Case(
      name: "deeply nested block mappings",
      files: manifest(
        "services:\n" + (1...300).map { String(repeating: " ", count: $0 * 2) + "k\($0):" }.joined(separator: "\n")
          + " x\n"), expect: .rejected("gantry.yml:")),
    Case(
      name: "billion laughs", files: manifest(bomb + "\nservices:\n  api:\n    context: api\n    tags: *a9\n"),
      expect: .rejected("gantry.yml:")),
    Case(
      name: "alias loop through merge",
      files: manifest("base: &b {context: api}\nservices:\n  api: {<<: *b, tags: [x]}\n"),
      expect: .rejected("unknown key 'base' in the manifest")),
    // Empty, binary, not UTF-8, huge
    Case(name: "empty file", files: manifest(""), expect: .rejected("gantry.yml:1:1: error: the manifest is empty")),
    Case(
      name: "only comments", files: manifest("# nothing\n# here\n"),
      expect: .rejected("gantry.yml:1:1: error: the manifest is empty")),
    Case(name: "only whitespace", files: manifest("   \n\n  \n"), expect: .rejected("error: the manifest is empty")),
    Case(
      name: "binary file", files: manifest("\u{0}\u{1}\u{2}ELF\u{0}"),
      expect: .rejected("gantry.yml:1:1: error: file is binary")),
    Case(
      name: "huge file", files: manifest("# " + String(repeating: "x", count: 17 << 20) + "\n"),
      expect: .rejected("gantry.yml:1:1: error: file is larger than 16 MiB")),
    Case(
      name: "scalar document", files: manifest("just a string\n"),
      expect: .rejected("gantry.yml:1:1: error: the manifest must be a mapping")),
    Case(
      name: "list document", files: manifest("- a\n- b\n"),
      expect: .rejected("gantry.yml:1:1: error: the manifest must be a mapping")),
    // Wrong types
    Case(
      name: "services is a string", files: manifest("services: api\n"),
      expect: .rejected("gantry.yml:1:11: error: services must be a mapping")),
    Case(
      name: "services is a number", files: manifest("services: 42\n"), expect: .rejected("services must be a mapping")),
    Case(
      name: "service is a list", files: manifest("services:\n  api: [context, api]\n"),
      expect: .rejected("gantry.yml:2:8: error: service 'api' must be a mapping")),
    Case(
      name: "service is null", files: manifest("services:\n  api:\n"),
      expect: .rejected("service 'api' must be a mapping")),
    Case(
      name: "context is null",
      files: service("    dockerfile: Dockerfile\n").merging(["gantry.yml": "services:\n  api:\n    context:\n"]) {
        $1
      }, expect: .rejected("gantry.yml:3:13: error: service 'api'.context must be a string, found null")),
    Case(
      name: "context is a mapping", files: manifest("services:\n  api:\n    context: {path: api}\n"),
      expect: .rejected("gantry.yml:3:14: error: service 'api'.context must be a string")),
    Case(
      name: "args is a list", files: service("    args: [A, B]\n"),
      expect: .rejected("gantry.yml:4:11: error: service 'api'.args must be a mapping")),
    Case(
      name: "args value is a list", files: service("    args: {A: [1]}\n"),
      expect: .rejected("gantry.yml:4:15: error: 'A' in service 'api'.args must be a string")),
    Case(
      name: "needs is a mapping", files: service("    needs: {a: b}\n"),
      expect: .rejected("gantry.yml:4:12: error: service 'api'.needs must be a list")),
    Case(
      name: "platforms is a mapping", files: service("    platforms: {linux: amd64}\n"),
      expect: .rejected("service 'api'.platforms must be a list")),
    Case(
      name: "image is a list", files: service("    image: [a, b]\n"),
      expect: .rejected("gantry.yml:4:12: error: service 'api'.image must be a string")),
    Case(
      name: "labels is a list", files: service("    labels: [a=b]\n"),
      expect: .rejected("service 'api'.labels must be a mapping")),
    Case(
      name: "secrets with both sources", files: service("    secrets: {tok: {env: A, file: b}}\n"),
      expect: .rejected("secret 'tok' needs exactly one of env or file")),
    Case(
      name: "unknown key with hint", files: service("    dockerfle: Dockerfile\n"),
      expect: .rejected("did you mean 'dockerfile'?")),
    // Paths escaping the repository
    Case(
      name: "context ..", files: manifest("services:\n  api:\n    context: ..\n"),
      expect: .rejected("gantry.yml:3:14: error: context of service 'api' is outside the repository")),
    Case(
      name: "context absolute", files: manifest("services:\n  api:\n    context: /etc\n"),
      expect: .rejected("is outside the repository (/etc)")),
    Case(
      name: "context climbing", files: manifest("services:\n  api:\n    context: api/../../../..\n"),
      expect: .rejected("is outside the repository")),
    Case(
      name: "dockerfile climbing", files: service("    dockerfile: ../../../../etc/passwd\n"),
      expect: .rejected("gantry.yml:4:17: error: Dockerfile of service 'api' is outside the repository")),
    Case(
      name: "dockerfile absolute", files: service("    dockerfile: /etc/passwd\n"),
      expect: .rejected("Dockerfile of service 'api' is outside the repository (/etc/passwd)")),
    Case(
      name: "context is a file", files: manifest("services:\n  api:\n    context: api/Dockerfile\n"),
      expect: .rejected("context folder of service 'api' does not exist")),
    Case(
      name: "context with tilde", files: manifest("services:\n  api:\n    context: ~/api\n"),
      expect: .rejected("context folder of service 'api' does not exist")),
    Case(
      name: "dockerfile is a folder", files: service("    dockerfile: .\n"),
      expect: .rejected("Dockerfile of service 'api' does not exist")),
    // Names with shell metacharacters
    Case(
      name: "service name with semicolon", files: manifest("services:\n  'api;rm -rf /':\n    context: api\n"),
      expect: .rejected("gantry.yml:2:3: error: 'api;rm -rf /' is not a valid service name")),
    Case(
      name: "service name command substitution",
      files: manifest("services:\n  '$(touch /tmp/gantry-pwned)':\n    context: api\n"),
      expect: .rejected("is not a valid service name")),
    Case(
      name: "service name with newline", files: manifest("services:\n  \"a\\nb\":\n    context: api\n"),
      expect: .rejected("is not a valid service name")),
    Case(
      name: "service name with quotes", files: manifest("services:\n  'a\"b''c':\n    context: api\n"),
      expect: .rejected("is not a valid service name")),
    Case(
      name: "service name with backticks", files: manifest("services:\n  '`id`':\n    context: api\n"),
      expect: .rejected("is not a valid service name")),
    Case(
      name: "very long service name",
      files: manifest("services:\n  \(String(repeating: "a", count: 300)):\n    context: api\n"),
      expect: .rejected("service name is 300 characters long")),
    Case(
      name: "needs with command substitution", files: service("    needs: ['$(reboot)']\n"),
      expect: .rejected("gantry.yml:4:13: error: service 'api' needs '$(reboot)', which is not a service")),
    Case(
      name: "image with shell characters", files: service("    image: 'acme/api;reboot'\n"),
      expect: .rejected("gantry.yml:4:12: error: 'acme/api;reboot' is not a valid image name")),
    Case(
      name: "image with upper case", files: service("    image: Acme/API\n"),
      expect: .rejected("'Acme/API' is not a valid image name")),
    Case(
      name: "tag with spaces", files: service("    tags: ['acme/api:1 2']\n"),
      expect: .rejected("'acme/api:1 2' is not a valid image name")),
    Case(
      name: "platform with shell characters", files: service("    platforms: ['linux/amd64;reboot']\n"),
      expect: .rejected("is not a platform of service 'api'")),
    Case(
      name: "build arg name with equals", files: service("    args: {'A=B': x}\n"),
      expect: .rejected("'A=B' is not a valid build argument name")),
    Case(
      name: "build arg name with space", files: service("    args: {'A B': x}\n"),
      expect: .rejected("is not a valid build argument name")),
    // Values passed literally
    Case(
      name: "arg with command substitution", files: service("    args: {A: '$(touch /tmp/gantry-pwned)'}\n"),
      expect: .literal("A=$(touch /tmp/gantry-pwned)")),
    Case(
      name: "arg with backticks", files: service("    args: {A: '`touch /tmp/gantry-pwned`'}\n"),
      expect: .literal("A=`touch /tmp/gantry-pwned`")),
    Case(
      name: "arg with semicolon", files: service("    args: {A: 'x; rm -rf /'}\n"), expect: .literal("A=x; rm -rf /")),
    Case(
      name: "arg with quotes", files: service("    args: {A: \"it's \\\"quoted\\\"\"}\n"),
      expect: .literal("A=it's \"quoted\"")),
    Case(
      name: "arg with newline", files: service("    args: {A: \"line1\\nline2\"}\n"), expect: .literal("A=line1\nline2")
    ),
    Case(
      name: "arg with dollar variable", files: service("    args: {A: '$HOME ${PATH}'}\n"),
      expect: .literal("A=$HOME ${PATH}")),
    Case(
      name: "label with pipes", files: service("    labels: {note: 'a | b && c > /dev/null'}\n"),
      expect: .literal("note=a | b && c > /dev/null")),
    Case(name: "target with spaces", files: service("    target: 'build stage'\n"), expect: .literal("build stage")),
    Case(
      name: "network with shell characters", files: service("    network: 'host; reboot'\n"),
      expect: .literal("host; reboot")),
    Case(
      name: "unicode arg", files: service("    args: {GREETING: 'grüß dich 👋'}\n"),
      expect: .literal("GREETING=grüß dich 👋")),
    // Dockerfiles
    Case(
      name: "binary Dockerfile",
      files: ["gantry.yml": "services:\n  api:\n    context: api\n", "api/Dockerfile": "FROM \u{0}\u{FFFF}"],
      expect: .rejected("Dockerfile")),
    Case(
      name: "Dockerfile with substitution in FROM",
      files: ["gantry.yml": "services:\n  api:\n    context: api\n", "api/Dockerfile": "FROM $(whoami)\n"],
      expect: .accepted),
    Case(
      name: "Dockerfile unterminated heredoc",
      files: [
        "gantry.yml": "services:\n  api:\n    context: api\n", "api/Dockerfile": "FROM busybox\nRUN <<EOF\necho hi\n",
      ], expect: .rejected("Dockerfile:2:")),
    Case(
      name: "empty Dockerfile", files: ["gantry.yml": "services:\n  api:\n    context: api\n", "api/Dockerfile": ""],
      expect: .rejected("Dockerfile")),
    // Compose
    Case(
      name: "compose required variable",
      files: dockerfile.merging(["compose.yaml": "services:\n  api:\n    build: ${API_CONTEXT:?set API_CONTEXT}\n"]) {
        $1
      },
      expect: .rejected("compose.yaml:3:12: error: required variable API_CONTEXT is missing a value: set API_CONTEXT")),
    Case(
      name: "compose escaped dollar",
      files: dockerfile.merging([
        "compose.yaml": "services:\n  api:\n    build:\n      context: api\n      args: {A: '$$(reboot)'}\n"
      ]) { $1 }, expect: .literal("A=$(reboot)")),
    Case(
      name: "compose unknown build key",
      files: dockerfile.merging(["compose.yaml": "services:\n  api:\n    build: {context: api, dockerfil: x}\n"]) {
        $1
      }, expect: .rejected("compose.yaml:3:27: error: unknown key 'dockerfil'")),
    Case(
      name: "compose billion laughs",
      files: dockerfile.merging([
        "compose.yaml": bomb.replacingOccurrences(of: "x-", with: "x-l")
          + "\nservices:\n  api:\n    build:\n      context: api\n      tags: *a9\n"
      ]) { $1 }, expect: .rejected("compose.yaml:")),
    Case(
      name: "compose binary .env",
      files: dockerfile.merging(["compose.yaml": "services:\n  api:\n    build: api\n", ".env": "A=\u{0}\u{1}"]) { $1 },
      expect: .rejected(".env")),
  ]

  @Test(arguments: cases)
  func endsCleanly(_ input: Case) async throws {
    let root = try Fixtures.temporaryFolder("hostile")
    try Fixtures.write(input.files, into: root)
    let result = try await Command.run([Command.gantry] + input.arguments, directory: root, timeout: 120)
    switch input.expect {
    case .rejected(let text):
      #expect(result.status == 2, "\(input.name): \(result)")
      #expect(result.stderr.contains(text), "\(input.name): \(result)")
      #expect(!result.stderr.contains("Fatal error"), "crashed")
    case .literal(let element):
      #expect(result.status == 0, "\(input.name): \(result)")
      let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
      let argv = ((json?["jobs"] as? [[String: Any]])?.first?["argv"] as? [String]) ?? []
      #expect(argv.contains(element), "\(input.name): \(argv)")
    case .accepted:
      #expect(result.status == 0, "\(input.name): \(result)")
    }
  }

  @Test func symlinksPointingOutAreRejected() async throws {
    let outside = try Fixtures.temporaryFolder("outside")
    try Fixtures.write(["Dockerfile": "FROM busybox\n"], into: outside)
    let root = try Fixtures.temporaryFolder("hostile")
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  api:\n    context: linked\n  web:\n    context: web\n    dockerfile: Dockerfile\n",
        "web/.keep": "",
      ], into: root)
    try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: outside)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/web/Dockerfile", withDestinationPath: outside + "/Dockerfile")
    let result = try await Command.run([Command.gantry, "plan"], directory: root, timeout: 120)
    #expect(result.status == 2, "\(result)")
    #expect(result.stderr.contains("gantry.yml:3:14: error: context of service 'api' is outside the repository"))
    #expect(result.stderr.contains("gantry.yml:6:17: error: Dockerfile of service 'web' is outside the repository"))
  }
}

import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

/// gantry's plan against `docker-compose config` (Debian's docker-compose 1.29.2) on the
/// `compose-differential` fixture: shared images through an anchor, extends (same file and `file:`),
/// service platforms, profiles, the automatic override file, `.env`, `--env-file`, `COMPOSE_FILE` with
/// `COMPOSE_PATH_SEPARATOR`, and numbers in args. For every case, the services compose would build and
/// how (context, Dockerfile, args, target, labels, cache_from, platform, image) must be what gantry's jobs do.
///
/// Where compose v1 lacks a feature or differs from the compose specification, the test compares with
/// the specification instead: v1's `config` lists services of inactive profiles (the test leaves them
/// out, as the specification says), and v1 names default images `<project>_<service>` where the
/// specification (and v2) says `<project>-<service>`. Skipped, with the reason, without docker-compose
/// (scripts/ci-deps.sh installs it); a failure under GANTRY_REQUIRE_ENGINE=1.
@Suite struct ComposeDifferentialTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    /// Arguments given to docker-compose before `config`.
    var arguments: [String] = []
    var environment: [String: String] = [:]
    /// The same, as gantry takes them.
    var files: [String] = []
    var options = ComposeOptions()
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "defaults: .env and the override file"),
    Case(name: "--profile", arguments: ["--profile", "debug"], options: ComposeOptions(profiles: ["debug"])),
    Case(name: "COMPOSE_PROFILES", environment: ["COMPOSE_PROFILES": "debug"]),
    Case(name: "--env-file", arguments: ["--env-file", "ci.env"], options: ComposeOptions(envFiles: ["ci.env"])),
    Case(name: "COMPOSE_FILE", environment: ["COMPOSE_FILE": "docker-compose.yml:ci.yml"]),
    Case(
      name: "COMPOSE_PATH_SEPARATOR",
      environment: ["COMPOSE_FILE": "docker-compose.yml;ci.yml", "COMPOSE_PATH_SEPARATOR": ";"]),
    Case(
      name: "-f files", arguments: ["-f", "docker-compose.yml", "-f", "ci.yml"],
      files: ["docker-compose.yml", "ci.yml"]),
  ]

  /// What compose says one service builds, and what a gantry job does, in the same terms.
  struct Build: Equatable, CustomStringConvertible {
    var services: Set<String>
    var context = ""
    var dockerfile = ""
    var args: [String: String] = [:]
    var target: String?
    var labels: [String: String] = [:]
    var cacheFrom: [String] = []
    var platforms: [String] = []
    var image = ""

    var description: String {
      "\(services.sorted()) image=\(image) context=\(context) dockerfile=\(dockerfile) args=\(args.sorted { $0.key < $1.key }) "
        + "target=\(target ?? "-") labels=\(labels.sorted { $0.key < $1.key }) cache_from=\(cacheFrom) platforms=\(platforms)"
    }
  }

  static func tools() throws -> (compose: String, python: String)? {
    guard Tools.shouldRun(Tools.dockerCompose, for: "ComposeDifferentialTests") else { return nil }
    let compose = try Tools.require(Tools.dockerCompose)
    let python = try Tools.require((Tools.find(["python3"]), "python3 is not installed"))
    return (compose, python)
  }

  /// The environment both tools see: the project name fixed, so default image names can be compared.
  static func environment(_ extra: [String: String]) -> [String: String] {
    ["COMPOSE_PROJECT_NAME": "shop"].merging(extra) { $1 }
  }

  /// `docker-compose config` as JSON (through PyYAML, which docker-compose itself uses).
  static func composeConfig(
    _ tools: (compose: String, python: String), root: String, arguments: [String], environment: [String: String]
  )
    async throws -> [String: Any]
  {
    let processEnvironment = environment.merging([
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
    ]) { $1 }
    let config = try await Tools.run(
      [tools.compose] + arguments + ["config"], environment: processEnvironment, directory: root)
    try #require(config.status == 0, "docker-compose config failed: \(config.stderr)")
    let json = try await Tools.run(
      [tools.python, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
      input: config.stdout)
    try #require(json.status == 0, "cannot convert compose's YAML: \(json.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
  }

  /// The builds compose's resolved config describes, for the active profiles; services sharing an image
  /// and an identical build are one build.
  static func expected(_ config: [String: Any], root: String, profiles: Set<String>) throws -> [Build] {
    let services = try #require(config["services"] as? [String: [String: Any]])
    var builds: [(key: String, build: Build)] = []
    for (name, service) in services.sorted(by: { $0.key < $1.key }) {
      guard let build = service["build"] as? [String: Any] else { continue }
      let serviceProfiles = Set(service["profiles"] as? [String] ?? [])
      if !serviceProfiles.isEmpty, serviceProfiles.isDisjoint(with: profiles), !profiles.contains("*") { continue }
      let context = try #require(build["context"] as? String)
      var expected = Build(services: [name])
      expected.context = Paths.relative(context, to: root)
      expected.dockerfile = Paths.relative(
        Paths.absolute(build["dockerfile"] as? String ?? "Dockerfile", relativeTo: context), to: root)
      expected.args = (build["args"] as? [String: String]) ?? [:]
      expected.target = build["target"] as? String
      expected.labels = (build["labels"] as? [String: String]) ?? [:]
      expected.cacheFrom = (build["cache_from"] as? [String]) ?? []
      expected.platforms = (service["platform"] as? String).map { [$0] } ?? []
      // v1 writes <project>_<service>; the specification (and v2) <project>-<service>.
      expected.image = service["image"] as? String ?? "shop-\(name)"
      let key = try JSONSerialization.data(withJSONObject: [build, expected.image], options: .sortedKeys)
      let text = String(decoding: key, as: UTF8.self)
      if let index = builds.firstIndex(where: { $0.key == text }) {
        builds[index].build.services.insert(name)
      } else {
        builds.append((text, expected))
      }
    }
    return builds.map(\.build).sorted { $0.services.sorted().first ?? "" < $1.services.sorted().first ?? "" }
  }

  /// What each job of gantry's plan builds, read back from its argv.
  static func actual(_ plan: Plan, root: String) -> [Build] {
    plan.jobs.map { job in
      var build = Build(services: Set(job.services))
      var index = job.argv.firstIndex(of: "build").map { $0 + 1 } ?? job.argv.count
      let argv = job.argv
      while index < argv.count {
        let flag = argv[index]
        let value = index + 1 < argv.count ? argv[index + 1] : ""
        switch flag {
        case "-f": build.dockerfile = value
        case "-t": if build.image.isEmpty { build.image = value }
        case "--target": build.target = value
        case "--platform": build.platforms = value.split(separator: ",").map(String.init)
        case "--cache-from": build.cacheFrom.append(value)
        case "--build-arg", "--label":
          let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
          if flag == "--build-arg" {
            build.args[parts[0]] = parts.count > 1 ? parts[1] : ""
          } else {
            build.labels[parts[0]] = parts.count > 1 ? parts[1] : ""
          }
        case "--load", "--push":
          index += 1
          continue
        default:
          if flag.hasPrefix("-") { break }
          build.context = flag
          index += 1
          continue
        }
        index += 2
      }
      if build.context == "" { build.context = "." }
      return build
    }.sorted { $0.services.sorted().first ?? "" < $1.services.sorted().first ?? "" }
  }

  @Test(arguments: cases)
  func gantryPlansWhatComposeBuilds(_ testCase: Case) async throws {
    guard let tools = try Self.tools() else { return }
    let root = try Fixtures.copy("compose-differential")
    let environment = Self.environment(testCase.environment)
    let config = try await Self.composeConfig(tools, root: root, arguments: testCase.arguments, environment: environment)
    var options = testCase.options
    options.envFiles = options.envFiles.map { root + "/" + $0 }
    let project = try ProjectLoader.load(
      folder: root, files: testCase.files, environment: environment, compose: options)
    let plan = try Planner().plan(
      project, options: PlanOptions(multiArch: MultiArchOptions(hostPlatform: Platform("linux/amd64"))))
    let profiles = Set(
      options.profiles ?? (environment["COMPOSE_PROFILES"] ?? "").split(separator: ",").map(String.init))
    let expected = try Self.expected(config, root: root, profiles: profiles)
    #expect(expected.count >= 5)
    #expect(Self.actual(plan, root: root).map(\.description) == expected.map(\.description))
  }

  /// Both reject what `docker compose config` rejects, each with its own words.
  static let invalid: [(name: String, compose: String)] = [
    ("unknown key", "services:\n  web:\n    buidl: ./app\n"),
    ("build of the wrong type", "services:\n  web:\n    build: 5\n"),
    ("ports as a string", "services:\n  web:\n    build: ./app\n    ports: \"8080\"\n"),
    ("depends_on a missing service", "services:\n  web:\n    build: ./app\n    depends_on: [dbb]\n"),
    (
      "a required variable outside build",
      "services:\n  web:\n    build: ./app\n  db:\n    image: postgres\n    environment:\n      P: ${DB_PASSWORD?set it}\n"
    ),
    ("extends a missing service", "services:\n  web:\n    extends: {service: bsae}\n"),
  ]

  @Test(arguments: invalid.map(\.name))
  func bothRejectTheSameMistakes(_ name: String) async throws {
    guard let tools = try Self.tools() else { return }
    let compose = try #require(Self.invalid.first { $0.name == name }?.compose)
    let root = try Fixtures.temporaryFolder("differential")
    try Fixtures.write(["docker-compose.yml": compose, "app/Dockerfile": "FROM local/busybox:1\n"], into: root)
    let result = try await Tools.run(
      [tools.compose, "config"],
      environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin", "HOME": NSTemporaryDirectory()],
      directory: root)
    #expect(result.status != 0, "docker-compose accepted it")
    #expect(throws: DiagnosticsError.self) { try ProjectLoader.load(folder: root) }
  }
}

import Foundation
import GantryInputs
import Testing

/// gantry's context file set against the real engine: for generated trees and ignore files, the
/// docker backend builds `FROM scratch` + `COPY . /` and exports the result to a folder
/// (`--output type=local`), and every path, kind, mode, content hash and link target there must be
/// exactly what `ContextFileSet.scan` computes; where the build fails, gantry must reject the ignore
/// file too.
@Suite(.enabled(if: Engine.shouldRun), .serialized)
struct IgnoreDifferentialTests {
  /// One generated context: the standard tree plus extras, an ignore file, where the Dockerfile is.
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var ignore: [UInt8]?
    /// A Dockerfile inside the context at this path (else it lives outside the context).
    var dockerfile: String?
    /// `<dockerfile>.dockerignore` next to that Dockerfile.
    var dockerfileIgnore: [UInt8]?
    /// `.dockerignore` is a symbolic link to a file holding `ignore` (which then holds the link's
    /// own name, so the link itself is excluded).
    var ignoreIsLink = false
    var description: String { name }

    init(
      _ name: String, _ ignore: String?, dockerfile: String? = nil, dockerfileIgnore: String? = nil,
      ignoreIsLink: Bool = false
    ) {
      self.name = name
      self.ignore = ignore.map { Array($0.utf8) }
      self.dockerfile = dockerfile
      self.dockerfileIgnore = dockerfileIgnore.map { Array($0.utf8) }
      self.ignoreIsLink = ignoreIsLink
    }

    init(_ name: String, bytes: [UInt8]) {
      self.name = name
      ignore = bytes
    }
  }

  static let tree: [String] = [
    "README.md", "a.txt", "b.txt", "c.txt", "A.TXT", "a.go", "x.y", "xzy", "x$y", "ab", "aab", "abb", "a+b",
    "a(b)", "a{b}", "a|b", "d9", "da", "é.txt", "[x]", "x", "!bang", "#hash", " lead.txt", "trail.txt ",
    "sp ace.txt", "..dots", "back\\slash", "tab\tname", "new\nline", "docs/new\nline.md",
    "src/main.go", "src/lib/util.go", "src/lib/util_test.go", "src/.hidden", "src/lib/deep/er/x.go",
    "docs/x.md", "docs/sub/y.md", "docs/sub/z.txt",
    "node_modules/pkg/index.js", "node_modules/pkg/lib/a.js", "node_modules/other/b.js",
    "build/out.o", "build/keep/me.txt", "build/keep/sub/you.txt",
    "vendor/a/b/c.txt", "vendor/a/d.txt",
    "app/Dockerfile.extra", "sub/app.Dockerfile",
  ]
  static let emptyFolders = ["empty", "src/emptysub"]
  static let links = [("link", "src/main.go"), ("dirlink", "src"), ("dangling", "nowhere"), ("src/up", "../a.txt")]

  static let cases: [Case] = [
    Case("no ignore file", nil),
    Case("empty ignore file", ""),
    Case("extension", "*.txt"),
    Case("folder name", "src"),
    Case("folder with trailing slash and dot", "./src/"),
    Case("leading slash", "/a.txt\n/docs"),
    Case("parent references", "../a.txt\nsrc/../b.txt\n..\nsrc/lib/../../c.txt"),
    Case("double star any depth", "**/*.go"),
    Case("double star alone", "**"),
    Case("dot does not match a newline", "**\n!src"),
    Case("wildcards and newlines", "new?line\ndocs/*.md\n*line"),
    Case("double star inside", "src/**/util.go\ndocs/**/*.md"),
    Case("double star not before slash", "src/**.go\n**x.go"),
    Case("double star suffix", "**/lib"),
    Case("double star prefix", "node_modules/**"),
    Case("star does not cross folders", "*/*.go\n*.md"),
    Case("question mark", "?.txt\nx?y"),
    Case("classes", "[ab].txt\n[a-b]b"),
    Case("bang class is a set", "[!a].txt"),
    Case("caret class negates", "[^a].txt"),
    Case("escapes", "\\!bang\n\\#hash\na\\.txt"),
    Case("comment only in column one", "#hash\n #hash\n!#hash"),
    Case("trailing and leading spaces", "a.txt   \n   b.txt\n\tc.txt\t"),
    Case("names with spaces", " lead.txt\nsp ace.txt\ntrail.txt "),
    Case("exception inside excluded folder", "node_modules\n!node_modules/pkg/index.js"),
    Case("exception re-includes a folder", "build\n!build/keep"),
    Case("exception with wildcard under excluded folder", "src\n!*/lib/util.go"),
    Case("exception with wildcard and prefix", "src\n!src/*/util.go"),
    Case("everything but", "*\n!src\n!Dockerfile"),
    Case("everything but nested", "*\n!src/lib/*.go"),
    Case("exception then exclusion again", "docs\n!docs/sub\ndocs/sub/z.txt"),
    Case("double star with exception", "**/*.txt\n!**/keep/*"),
    Case("exception for a parent only", "vendor/a/b\n!vendor/a"),
    Case("exception naming the folder after wildcard exclusion", "vendor/*\n!vendor/a/b/c.txt"),
    Case("regex operators plus", "a+b"),
    Case("regex operators group", "a(b)"),
    Case("regex operators braces", "a{b}\nab{2}"),
    Case("regex alternation", "a|b"),
    Case("dollar is literal", "x$y"),
    Case("dot is literal", "x.y"),
    Case("perl class escape", "d\\d"),
    Case("escaped letter", "\\a\\b"),
    Case("case sensitive", "a.txt"),
    Case("utf8 pattern", "é*"),
    Case("backslash in name", "back\\\\slash"),
    Case("empty folders", "empty\n!src/emptysub"),
    Case("symlinks are not followed", "src\n!link"),
    Case("symlink names", "dirlink\ndangling"),
    Case("dots name", "..dots\n.."),
    Case("crlf line endings", "a.txt\r\nb.txt\r\n"),
    Case("byte order mark", bytes: [0xEF, 0xBB, 0xBF] + Array("a.txt\nb.txt".utf8)),
    Case("not utf8", bytes: [0xFF, 0x0A] + Array("b.txt\n\u{FF}*".utf8)),
    Case("tab inside pattern", "tab\tname"),
    Case("invalid unclosed class", "[abc"),
    Case("invalid lone bang", "a.txt\n!"),
    Case("invalid bang slash", "!/"),
    Case("invalid trailing backslash after trim", "a\\ "),
    Case("invalid hex escape", "\\x"),
    Case("invalid unbalanced paren", "a("),
    Case("invalid nested repeat", "a++"),
    Case("invalid control character", "a\u{01}b"),
    Case("invalid carriage return inside", "a\rb\nc"),
    Case("invalid class range", "[b-a]"),
    Case("excluded Dockerfile and ignore file", "Dockerfile\n.dockerignore\na.txt", dockerfile: "Dockerfile"),
    Case(
      "Dockerfile-specific ignore file wins", "a.txt", dockerfile: "sub/app.Dockerfile", dockerfileIgnore: "b.txt"),
    Case(
      "empty Dockerfile-specific ignore file wins", "a.txt", dockerfile: "sub/app.Dockerfile", dockerfileIgnore: ""),
    Case("Dockerfile in a folder without its own ignore file", "a.txt\nsub", dockerfile: "sub/app.Dockerfile"),
    Case(
      "Dockerfile.dockerignore at the context root", "a.txt", dockerfile: "Dockerfile", dockerfileIgnore: "b.txt\nsrc"),
    Case("double star with one parent prefix", "**/er\n**/deep/er"),
    Case("folder then deeper exception", "src/lib\n!src/lib/deep"),
    Case("wildcard folder", "*/lib\n*/*/deep"),
    Case("everything excluded with a double-star exception", "**\n!**/x.go"),
    Case("star then exceptions for folders", "*\n!*/\n!docs"),
    Case("posix class", "[[:alpha:]].txt\n[[:digit:]]"),
    Case("perl class in brackets", "d[\\d]"),
    Case("bang with spaces", "*.txt\n!   a.txt"),
    Case("repeat counts", "a{2}b\nab{1,2}"),
    Case("dot folder names", ".\n./.\nsrc/.hidden"),
    Case("hard links and modes", "c.txt"),
    Case("ignore file that is a symbolic link", "link-to-ignore", ignoreIsLink: true),
    Case("longest readable line", String(repeating: "a", count: 65_535) + "\nb.txt"),
    Case("invalid line too long for the reader", String(repeating: "a", count: 65_536) + "\nb.txt"),
  ]

  /// Ignore files drawn from a fixed seed: exclusions and exceptions built from the tree's names
  /// and wildcards, one to five lines each.
  static let generated: [Case] = {
    var state: UInt64 = 0x6761_6e74_7279
    func next(_ bound: Int) -> Int {
      // SplitMix64
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
    let pieces = [
      "src", "lib", "docs", "sub", "build", "keep", "vendor", "a", "node_modules", "pkg", "*", "**", "?", "a*", "*.txt",
      "*.go", "[a-c]*", "x?y", "*.md", "er", "deep", "util.go", "b", "[!a]*", "*b",
    ]
    return (0..<30).map { index in
      let lines = (0..<(1 + next(5))).map { _ -> String in
        var line = next(10) < 3 ? "!" : ""
        if next(10) == 0 { line += "/" }
        line += (0..<(1 + next(3))).map { _ in pieces[next(pieces.count)] }.joined(separator: "/")
        if next(10) == 0 { line += "/" }
        return line
      }
      return Case("generated \(index): \(lines.joined(separator: " | "))", lines.joined(separator: "\n"))
    }
  }()

  @Test(arguments: cases + generated)
  func contextMatchesTheEngine(_ testCase: Case) async throws {
    try Engine.check()
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let context = folder + "/ctx"
    try Self.makeTree(at: context)
    if let ignore = testCase.ignore {
      if testCase.ignoreIsLink {
        try Data(ignore + Array("\nsp ace.txt\n".utf8)).write(to: URL(fileURLWithPath: context + "/link-to-ignore"))
        try FileManager.default.createSymbolicLink(
          atPath: context + "/.dockerignore", withDestinationPath: "link-to-ignore")
      } else {
        try Data(ignore).write(to: URL(fileURLWithPath: context + "/.dockerignore"))
      }
    }
    let dockerfile: String
    let body = "FROM scratch\nCOPY . /\n"
    if let inside = testCase.dockerfile {
      dockerfile = context + "/" + inside
      try body.write(toFile: dockerfile, atomically: false, encoding: .utf8)
      if let extra = testCase.dockerfileIgnore {
        try Data(extra).write(to: URL(fileURLWithPath: dockerfile + ".dockerignore"))
      }
    } else {
      dockerfile = folder + "/Dockerfile"
      try body.write(toFile: dockerfile, atomically: false, encoding: .utf8)
    }

    let output = folder + "/out"
    let build = try await Engine.docker(["build", "-q", "-o", "type=local,dest=\(output)", "-f", dockerfile, context])
    let computed: ContextFileSet?
    var gantryError: String?
    do {
      let rules = try IgnoreFileLocator.rules(context: context, dockerfile: dockerfile, dialect: .docker2010)
      computed = try ContextFileSet.scan(root: context, rules: rules)
    } catch {
      computed = nil
      gantryError = "\(error)"
    }
    guard build.status == 0 else {
      #expect(computed == nil, "the engine refused the context (\(build.stderr.suffix(300))) but gantry accepted it")
      return
    }
    guard let computed else {
      Issue.record("gantry refused a context the engine accepts: \(gantryError ?? "")")
      return
    }
    let engine = try ContextFileSet.scan(root: output, rules: .none(dialect: .docker2010))
    let expected = engine.entries.map(Self.summary)
    let actual = computed.entries.map(Self.summary)
    #expect(
      actual == expected,
      "only gantry: \(Set(actual).subtracting(expected)); only engine: \(Set(expected).subtracting(actual))")
  }

  static func summary(_ entry: ContextEntry) -> String {
    var text = "\(entry.kind.rawValue) \(entry.path) \(String(entry.mode, radix: 8))"
    if let sha = entry.sha256 { text += " \(sha.prefix(12))" }
    if let target = entry.linkTargetString { text += " -> \(target)" }
    return text
  }

  /// Leaves a Unix socket file at `path`.
  static func bindSocket(at path: String) throws {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #expect(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      let bytes = Array(path.utf8.prefix(raw.count - 1)) + [0]
      raw.copyBytes(from: bytes)
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    #expect(bound == 0, "bind \(path)")
  }

  static func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "gantry-ignore-diff-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func makeTree(at root: String) throws {
    let manager = FileManager.default
    for path in tree {
      let url = URL(fileURLWithPath: root + "/" + path)
      try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data("content of \(path)\n".utf8).write(to: url)
    }
    try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/src/main.go")
    try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: root + "/docs/x.md")
    try manager.setAttributes([.posixPermissions: 0o2755], ofItemAtPath: root + "/vendor/a/d.txt")
    try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root + "/vendor/a")
    try manager.linkItem(atPath: root + "/b.txt", toPath: root + "/hardlink.txt")
    // Special files: a named pipe (left out), a socket and, as root, devices (copied as empty files).
    #expect(mkfifo(root + "/docs/pipe", 0o644) == 0)
    try bindSocket(at: root + "/src/app.sock")
    if getuid() == 0 {
      #expect(mknod(root + "/null-device", S_IFCHR | 0o640, dev_t((1 << 8) | 3)) == 0)
    }
    for folder in emptyFolders {
      try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
    }
    for (path, target) in links {
      try manager.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
    }
  }
}

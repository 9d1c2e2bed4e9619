import GantryCore
import GantryDockerfile

/// The ignore lines the context rule proposes for one context, with the figures before and after:
/// what `--fix` writes.
public struct IgnoreProposal: Sendable, Hashable {
  /// The ignore file to write or extend (absolute).
  public var file: String
  /// True when the file exists and is extended.
  public var extends: Bool
  public var lines: [String]
  public var filesBefore: Int
  public var bytesBefore: Int64
  public var filesAfter: Int
  public var bytesAfter: Int64
}

/// `context-no-ignore-file` and `context-unread-files`.
public struct ContextCheck {
  /// A group of files no instruction reads, under one root (`.git`, `web/node_modules`, `debug.log`).
  struct Unread: Hashable {
    enum Kind: String {
      case vcs = "VCS folder", dependencies = "dependencies", virtualenv = "virtualenv"
      case output = "build output", log = "log", large = "large file"
    }
    var kind: Kind
    /// The root path, relative to the context.
    var root: String
    /// The name a pattern can use (`node_modules`, `*.log`), or nil for a single file.
    var name: String?
    var files = 0
    var bytes: Int64 = 0
  }

  static let vcs: Set<String> = [".git", ".hg", ".svn"]
  static let dependencies: Set<String> = ["node_modules", "bower_components", ".yarn-cache"]
  static let virtualenvs: Set<String> = [".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"]
  static let outputs: Set<String> = ["dist", "build", "target", "out", ".next", ".gradle", ".build", "coverage"]
  /// Files from this size up, read by no instruction by name, are reported as large.
  public static let largeFileBytes: Int64 = 10 * 1024 * 1024

  let dockerfile: AuditedDockerfile
  let snapshot: ContextSnapshot
  let sender: any ContextSender
  /// The context's location in the manifest (where a missing ignore file is reported).
  let contextLocation: SourceLocation
  /// The manifest's folder: files are shown relative to it.
  let manifestRoot: String

  public init(
    dockerfile: AuditedDockerfile, snapshot: ContextSnapshot, sender: any ContextSender,
    contextLocation: SourceLocation, manifestRoot: String
  ) {
    self.dockerfile = dockerfile
    self.snapshot = snapshot
    self.sender = sender
    self.contextLocation = contextLocation
    self.manifestRoot = manifestRoot
  }

  func display(_ path: String) -> String { Paths.relative(path, to: manifestRoot) }

  /// The paths instructions name in the context: literal sources, and written patterns.
  var readPaths: (literal: [String], patterns: [String]) {
    var literal: [String] = []
    var patterns: [String] = []
    for source in dockerfile.model.contextSources {
      if let path = source.literalPath {
        literal.append(path)
      } else {
        var written = source.written
        while written.hasPrefix("./") { written.removeFirst(2) }
        while written.hasPrefix("/") { written.removeFirst() }
        if !Facts.isWholeSource(source.written), !written.isEmpty, written != "." { patterns.append(written) }
      }
    }
    return (literal, patterns)
  }

  /// True when an instruction names `path` (or a folder above or below it).
  func isRead(_ path: String) -> Bool {
    let (literal, patterns) = readPaths
    for read in literal where read == path || read.hasPrefix(path + "/") || path.hasPrefix(read + "/") { return true }
    for pattern in patterns where Glob.matches(pattern, path) || Glob.matches(pattern + "/*", path) { return true }
    return false
  }

  /// The groups of files no instruction reads.
  func unread() -> [Unread] {
    var groups: [String: Unread] = [:]
    let venvRoots = Set(
      snapshot.sent.filter { $0.path.hasSuffix("/pyvenv.cfg") || $0.path == "pyvenv.cfg" }.map {
        String($0.path.dropLast("pyvenv.cfg".count)).trimmingSuffix("/")
      })
    for entry in snapshot.sent where !entry.isDirectory {
      let parts = entry.path.split(separator: "/").map(String.init)
      var found: Unread?
      for (depth, part) in parts.enumerated().dropLast() {
        let root = parts[0...depth].joined(separator: "/")
        let kind: Unread.Kind? =
          Self.vcs.contains(part)
          ? .vcs
          : Self.dependencies.contains(part)
            ? .dependencies
            : Self.virtualenvs.contains(part) || venvRoots.contains(root)
              ? .virtualenv
              : Self.outputs.contains(part) ? .output : nil
        if let kind {
          found = Unread(
            kind: kind, root: root, name: venvRoots.contains(root) && !Self.virtualenvs.contains(part) ? nil : part)
          break
        }
      }
      if found == nil, let name = parts.last {
        if name.hasSuffix(".log") {
          found = Unread(kind: .log, root: entry.path, name: "*.log")
        } else if entry.size >= Self.largeFileBytes {
          found = Unread(kind: .large, root: entry.path, name: nil)
        }
      }
      guard var group = found, !isRead(group.root) else { continue }
      let key = group.kind == .log ? "log:" + (parts.count > 1 ? "nested" : "top") : group.root
      if let existing = groups[key] { group = existing }
      group.files += 1
      group.bytes += entry.size
      groups[key] = group
    }
    return groups.values.sorted { ($0.bytes, $1.root) > ($1.bytes, $0.root) }
  }

  /// The ignore lines for the groups: a name pattern where it hits no file an instruction names,
  /// else the group's own path.
  func lines(for groups: [Unread]) -> [String] {
    var lines: [String] = []
    func add(_ line: String) { if !lines.contains(line) { lines.append(line) } }
    for group in groups {
      if group.kind == .log {
        let nested = group.root.contains("/")
        let line = nested ? "**/*.log" : "*.log"
        if !snapshot.sent.contains(where: { $0.path.hasSuffix(".log") && isRead($0.path) }) {
          add(line)
        } else {
          add(group.root)
        }
        continue
      }
      guard let name = group.name else {
        add(group.root)
        continue
      }
      let nested = group.root.contains("/")
      let line = nested ? "**/" + name : name
      let hitsRead = readPaths.literal.contains { path in
        let parts = path.split(separator: "/").map(String.init)
        return nested ? parts.contains(name) : parts.first == name
      }
      add(hitsRead ? group.root : line)
    }
    return lines
  }

  public struct Result: Sendable {
    public var findings: [Finding]
    public var proposal: IgnoreProposal?
  }

  public func run() throws -> Result {
    var findings: [Finding] = []
    let groups = unread()
    if snapshot.ignoreFile == nil {
      // A warning when the context sends something no instruction reads; else a reminder.
      findings.append(
        Finding(
          rule: .contextNoIgnoreFile, severity: groups.isEmpty ? .note : .warning, service: dockerfile.service,
          location: contextLocation,
          message: "the context \(display(snapshot.root)) has no .dockerignore: every file in it is sent",
          evidence:
            "no \(display(snapshot.defaultIgnoreFile)); \(ContextSnapshot.tally(snapshot.sent).files) files sent",
          fix: "write \(display(snapshot.defaultIgnoreFile)) (gantry audit --fix)"))
    }
    guard !groups.isEmpty else { return Result(findings: findings, proposal: nil) }
    var lines = lines(for: groups)
    let before = ContextSnapshot.tally(snapshot.sent)
    var after = try sender.sent(root: snapshot.root, ignoreText: proposedText(lines))
    // Check with the exact matcher that nothing an instruction names is lost; drop lines that would.
    let kept = Set(after.map(\.path))
    let lost = snapshot.sent.filter { !$0.isDirectory && isRead($0.path) && !kept.contains($0.path) }
    if !lost.isEmpty {
      lines = lines.filter { line in
        let name = line.hasPrefix("**/") ? String(line.dropFirst(3)) : line
        return !lost.contains {
          $0.path.split(separator: "/").contains { Glob.matches(name, String($0)) } || $0.path == line
        }
      }
      after = try sender.sent(root: snapshot.root, ignoreText: proposedText(lines))
    }
    guard !lines.isEmpty else { return Result(findings: findings, proposal: nil) }
    let afterTally = ContextSnapshot.tally(after)
    let unreadFiles = groups.reduce(0) { $0 + $1.files }
    let unreadBytes = groups.reduce(Int64(0)) { $0 + $1.bytes }
    let saved = before.bytes > 0 ? Double(before.bytes - afterTally.bytes) / Double(before.bytes) * 100 : 0
    let location =
      snapshot.ignoreFile.map {
        SourceLocation(file: display($0), line: max(1, Self.lineCount(snapshot.ignoreText ?? [])))
      }
      ?? contextLocation
    let listed = groups.prefix(5).map { group in
      let name = group.kind == .log ? (group.files > 1 ? "*.log" : group.root) : group.root
      return
        "\(name) (\(group.kind.rawValue), \(group.files) file\(group.files == 1 ? "" : "s"), \(SizeText.display(group.bytes)))"
    }
    findings.append(
      Finding(
        rule: .contextUnreadFiles, service: dockerfile.service, location: location,
        message:
          "the context sends \(unreadFiles) files (\(SizeText.display(unreadBytes))) no instruction reads: \(listed.joined(separator: ", "))\(groups.count > 5 ? ", …" : "")",
        evidence:
          "sent now: \(before.files) files, \(SizeText.display(before.bytes)); after the suggested lines: \(afterTally.files) files, \(SizeText.display(afterTally.bytes)) (\(String(format: "%.0f", saved)) % less)",
        fix: "add to \(display(snapshot.ignoreFile ?? snapshot.defaultIgnoreFile)):\n" + lines.joined(separator: "\n")))
    let proposal = IgnoreProposal(
      file: snapshot.ignoreFile ?? snapshot.defaultIgnoreFile, extends: snapshot.ignoreFile != nil, lines: lines,
      filesBefore: before.files, bytesBefore: before.bytes, filesAfter: afterTally.files, bytesAfter: afterTally.bytes)
    return Result(findings: findings, proposal: proposal)
  }

  /// The ignore file's text with `lines` appended.
  func proposedText(_ lines: [String]) -> [UInt8] {
    IgnoreEdit.appending(lines, to: snapshot.ignoreText)
  }

  static func lineCount(_ text: [UInt8]) -> Int {
    text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
  }
}

/// The one way an ignore file is extended: the audit's figures and `--fix` write the same bytes.
public enum IgnoreEdit {
  public static let marker = "# gantry audit: files no instruction reads"

  public static func appending(_ lines: [String], to existing: [UInt8]?) -> [UInt8] {
    var text = existing ?? []
    if !text.isEmpty, text.last != UInt8(ascii: "\n") { text.append(UInt8(ascii: "\n")) }
    guard !lines.isEmpty else { return text }
    text += Array((marker + "\n" + lines.joined(separator: "\n") + "\n").utf8)
    return text
  }
}

extension String {
  fileprivate func trimmingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}

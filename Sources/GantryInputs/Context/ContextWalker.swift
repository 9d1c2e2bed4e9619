#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One entry the walk keeps, before any file is hashed.
struct WalkedEntry: Sendable {
  var path: [UInt8]
  var status: FileStatus
  var linkTarget: [UInt8]?
}

/// Walks a context folder the way the sending client does: symbolic links are recorded, never
/// followed (only the context folder itself is resolved), names are visited in byte order, and
/// the ignore rules are applied with the dialect's folder-skipping rules.
struct ContextWalker {
  let root: String
  let rules: IgnoreRules

  /// The entries the builder receives, in walk order.
  func walk() throws(ContextError) -> [WalkedEntry] {
    guard let resolved = Self.realPath(root) else { throw .notAFolder(root) }
    let fd = open(resolved, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOTDIR || errno == ENOENT { throw .notAFolder(root) }
      throw .unreadable(path: root, reason: Errno(errno).text)
    }
    defer { close(fd) }
    var walk = Walk(rules: rules, rootDisplay: root)
    try walk.folder(fd, prefix: [], parentResults: [], pending: [])
    return walk.entries
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved: UnsafeMutablePointer<CChar> = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private struct Walk {
    let rules: IgnoreRules
    let rootDisplay: String
    var entries: [WalkedEntry] = []
    let classic: Bool
    let filtering: Bool

    init(rules: IgnoreRules, rootDisplay: String) {
      self.rules = rules
      self.rootDisplay = rootDisplay
      classic = rules.dialect == .docker2010
      filtering = !rules.patterns.isEmpty
    }

    func display(_ path: [UInt8]) -> String {
      rootDisplay + "/" + String(decoding: path, as: UTF8.self)
    }

    /// Walks the folder open as `fd` (`prefix` is its path with a trailing `/`, empty for the root).
    /// `pending` holds excluded folders above it that are sent only if something inside is.
    mutating func folder(
      _ fd: Int32, prefix: [UInt8], parentResults: [Bool], pending: [WalkedEntry]
    ) throws(ContextError) {
      let names: [[UInt8]]
      switch Self.names(fd) {
      case .success(let list): names = list
      case .failure(let error):
        throw .unreadable(path: prefix.isEmpty ? rootDisplay : display(Array(prefix.dropLast())), reason: error.text)
      }
      var pending = pending
      for name in names {
        let path = prefix + name
        let status: FileStatus
        switch FileStatus.of(name, in: fd) {
        case .success(let value): status = value
        case .failure(let error):
          if error.code == ENOENT { continue }  // removed since listed: the sender skips it too
          throw .unreadable(path: display(path), reason: error.text)
        }
        var entry = WalkedEntry(path: path, status: status)
        if status.type == S_IFLNK { entry.linkTarget = try Self.readLink(name, in: fd, display: display(path)) }

        var excluded = false
        var results: [Bool] = []
        var descend = status.isDirectory
        if filtering {
          if classic {
            excluded = rules.excludedClassic(path)
            if excluded, status.isDirectory {
              descend = rules.hasExceptions && rules.classicWalksExcludedFolder(path)
              // The client lists a folder before deciding, so an unreadable one fails even when skipped.
              if !descend { try Self.checkListable(name, in: fd, display: display(path)) }
              if descend { excluded = false }
            }
          } else {
            (excluded, results) = rules.excludedCarrying(path, parent: parentResults)
            if excluded, status.isDirectory { descend = rules.mobyWalksExcludedFolder(path) }
          }
        }
        if !excluded {
          entries.append(contentsOf: pending)
          pending = []
          entries.append(entry)
        }
        guard descend else { continue }
        let child = openat(fd, Array(name + [0]).map { CChar(bitPattern: $0) }, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else {
          let code = errno
          if code == ENOENT { continue }
          // buildx ignores a permission error on a folder it walks only to look for exceptions.
          if !classic, excluded, code == EACCES || code == EPERM { continue }
          throw .unreadable(path: display(path), reason: Errno(code).text)
        }
        defer { close(child) }
        let before = entries.count
        try folder(
          child, prefix: path + [GoPath.slash], parentResults: results, pending: excluded ? pending + [entry] : [])
        // Something inside was sent, and with it the pending folders above.
        if entries.count > before { pending = [] }
      }
    }

    /// The folder's names, sorted by bytes, without `.` and `..`.
    static func names(_ fd: Int32) -> Result<[[UInt8]], Errno> {
      let copy = dup(fd)
      guard copy >= 0, let stream = fdopendir(copy) else {
        let code = errno
        if copy >= 0 { close(copy) }
        return .failure(Errno(code))
      }
      defer { closedir(stream) }
      var names: [[UInt8]] = []
      errno = 0
      while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
          let bytes = raw.bindMemory(to: UInt8.self)
          let length = bytes.firstIndex(of: 0) ?? bytes.count
          return Array(bytes[0..<length])
        }
        if name == [GoPath.dot] || name == [GoPath.dot, GoPath.dot] { continue }
        names.append(name)
      }
      if errno != 0 { return .failure(Errno(errno)) }
      names.sort { $0.lexicographicallyPrecedes($1) }
      return .success(names)
    }

    static func readLink(_ name: [UInt8], in fd: Int32, display: String) throws(ContextError) -> [UInt8] {
      var buffer = [UInt8](repeating: 0, count: 4096)
      let cName = (name + [0]).map { CChar(bitPattern: $0) }
      let count = buffer.withUnsafeMutableBufferPointer { target in
        target.withMemoryRebound(to: CChar.self) { readlinkat(fd, cName, $0.baseAddress!, $0.count) }  // swift-format-ignore: NeverForceUnwrap
      }
      guard count >= 0 else { throw .unreadable(path: display, reason: Errno(errno).text) }
      return Array(buffer[0..<count])
    }

    static func checkListable(_ name: [UInt8], in fd: Int32, display: String) throws(ContextError) {
      let cName = (name + [0]).map { CChar(bitPattern: $0) }
      let child = openat(fd, cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      guard child >= 0 else {
        if errno == ENOENT { return }
        throw .unreadable(path: display, reason: Errno(errno).text)
      }
      defer { close(child) }
      if case .failure(let error) = names(child) { throw .unreadable(path: display, reason: error.text) }
    }
  }
}

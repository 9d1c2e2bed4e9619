import Dispatch
import Synchronization

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
    var entries: [WalkedEntry] = []
    try Walk(rules: rules, rootDisplay: root).folder(fd, prefix: [], parentResults: [], depth: 0, into: &entries)
    return entries
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved: UnsafeMutablePointer<CChar> = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private struct Walk: Sendable {
    let rules: IgnoreRules
    let rootDisplay: String
    let classic: Bool
    let filtering: Bool
    /// Folders this shallow have their subfolders walked in parallel.
    static let parallelDepth = 2

    init(rules: IgnoreRules, rootDisplay: String) {
      self.rules = rules
      self.rootDisplay = rootDisplay
      classic = rules.dialect == .docker2010
      filtering = !rules.patterns.isEmpty
    }

    func display(_ path: [UInt8]) -> String {
      rootDisplay + "/" + String(decoding: path, as: UTF8.self)
    }

    /// What one name in a folder turned out to be, before its subfolder (if any) is walked.
    private struct Visit: Sendable {
      var entry: WalkedEntry
      var excluded: Bool
      var descend: Bool
      var results: [Bool]
    }

    /// Appends the entries sent from the folder open as `fd` (`prefix` is its path with a trailing
    /// `/`, empty for the root) to `entries`, in walk order. An excluded folder that is walked
    /// anyway is sent only when something inside it is (buildx); Docker 20.10 never walks an
    /// excluded folder it does not send. Shallow folders walk their subfolders in parallel.
    func folder(
      _ fd: Int32, prefix: [UInt8], parentResults: [Bool], depth: Int, into entries: inout [WalkedEntry]
    ) throws(ContextError) {
      let names: [[UInt8]]
      switch Self.names(fd) {
      case .success(let list): names = list
      case .failure(let error):
        throw .unreadable(path: prefix.isEmpty ? rootDisplay : display(Array(prefix.dropLast())), reason: error.text)
      }
      var visits: [Visit] = []
      visits.reserveCapacity(names.count)
      for name in names {
        if let visit = try visit(name, in: fd, prefix: prefix, parentResults: parentResults) { visits.append(visit) }
      }
      let folders = visits.indices.filter { visits[$0].descend }
      guard depth < Self.parallelDepth, folders.count > 1 else {
        for visit in visits { try add(visit, in: fd, depth: depth, into: &entries) }
        return
      }
      let snapshot = visits
      let results = Mutex<[Int: Result<[WalkedEntry], ContextError>]>([:])
      DispatchQueue.concurrentPerform(iterations: folders.count) { position in
        let index = folders[position]
        let result = Result { () throws(ContextError) -> [WalkedEntry] in
          var inside: [WalkedEntry] = []
          try add(snapshot[index], in: fd, depth: depth, into: &inside)
          return inside
        }
        results.withLock { $0[index] = result }
      }
      let done = results.withLock { $0 }
      for (index, visit) in visits.enumerated() {
        guard let result = done[index] else {
          try add(visit, in: fd, depth: depth, into: &entries)
          continue
        }
        switch result {
        case .success(let inside): entries.append(contentsOf: inside)
        case .failure(let error): throw error
        }
      }
    }

    /// Appends one visited name and, for a folder walked into, what it holds.
    private func add(_ visit: Visit, in fd: Int32, depth: Int, into entries: inout [WalkedEntry]) throws(ContextError) {
      guard visit.descend else {
        if !visit.excluded { entries.append(visit.entry) }
        return
      }
      let mark = entries.count
      entries.append(visit.entry)
      let path = visit.entry.path
      let name = Array(path[(path.lastIndex(of: GoPath.slash).map { $0 + 1 } ?? 0)...])
      let child = openat(
        fd, (name + [0]).map { CChar(bitPattern: $0) }, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      if child < 0 {
        let code = errno
        // buildx ignores a permission error on a folder it walks only to look for exceptions.
        if code == ENOENT || (!classic && visit.excluded && (code == EACCES || code == EPERM)) {
          if visit.excluded || code == ENOENT { entries.removeLast() }
          return
        }
        throw .unreadable(path: display(path), reason: Errno(code).text)
      }
      defer { close(child) }
      try folder(child, prefix: path + [GoPath.slash], parentResults: visit.results, depth: depth + 1, into: &entries)
      // An excluded folder with nothing sent inside is not sent.
      if visit.excluded, entries.count == mark + 1 { entries.removeLast() }
    }

    /// Reads one name: its status, and whether it is excluded and walked into.
    private func visit(_ name: [UInt8], in fd: Int32, prefix: [UInt8], parentResults: [Bool]) throws(ContextError)
      -> Visit?
    {
      let path = prefix + name
      let status: FileStatus
      switch FileStatus.of(name, in: fd) {
      case .success(let value): status = value
      case .failure(let error):
        if error.code == ENOENT { return nil }  // removed since listed: the sender skips it too
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
      return Visit(entry: entry, excluded: excluded, descend: descend, results: results)
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
        target.withMemoryRebound(to: CChar.self) { readlinkat(fd, cName, $0.baseAddress!, $0.count) }
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

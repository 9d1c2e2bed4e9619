import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Everything the builder can read from one context folder: the entries the ignore rules leave,
/// sorted by path, regular files with their SHA-256.
public struct ContextFileSet: Sendable {
  /// The context folder as given.
  public let root: String
  /// Sorted by path bytes.
  public let entries: [ContextEntry]
  /// The paths the set was limited to, or nil when it holds the whole context.
  public let limitedTo: [String]?

  public init(root: String, entries: [ContextEntry], limitedTo: [String]? = nil) {
    self.root = root
    // The walk's order is almost sorted already; sort only when it is not.
    let ordered = zip(entries, entries.dropFirst()).allSatisfy { $0.pathBytes.lexicographicallyPrecedes($1.pathBytes) }
    self.entries = ordered ? entries : entries.sorted { $0.pathBytes.lexicographicallyPrecedes($1.pathBytes) }
    self.limitedTo = limitedTo
  }

  /// Reads a context folder.
  /// - Parameters:
  ///   - root: the context folder.
  ///   - rules: the ignore rules that apply (`IgnoreRules.none` for none).
  ///   - limitedTo: when given, only these paths (relative, `/`-separated) and what is under them
  ///     are kept: the literal sources the Dockerfile reads (see `ContextNarrowing`). When one of
  ///     them, or a folder above one, is a symbolic link, the builder follows it, so the whole
  ///     context is kept instead.
  ///   - cache: a stat cache to reuse hashes of unchanged files from, and to update.
  /// - Throws: `ContextError` naming the path that could not be read or kept changing.
  public static func scan(
    root: String, rules: IgnoreRules, limitedTo: [String]? = nil, cache: StatCache? = nil
  ) throws(ContextError) -> ContextFileSet {
    let scanStart = Self.now()
    var walked = try ContextWalker(root: root, rules: rules).walk()
    var limited = limitedTo
    if let limitedTo {
      let prefixes = limitedTo.map { Array($0.utf8) }
      func isUnder(_ path: [UInt8], _ prefix: [UInt8]) -> Bool {
        path.starts(with: prefix) && (path.count == prefix.count || path[prefix.count] == GoPath.slash)
      }
      let followsLink = walked.contains { entry in
        entry.status.kind == .symlink && prefixes.contains { isUnder($0, entry.path) }
      }
      if followsLink {
        limited = nil
      } else {
        walked = walked.filter { entry in prefixes.contains { isUnder(entry.path, $0) } }
      }
    }
    guard let resolved = ContextWalker.realPath(root) else { throw .notAFolder(root) }
    let cached = cache.map { $0.load(root: resolved) } ?? [:]

    var entries: [ContextEntry] = []
    entries.reserveCapacity(walked.count)
    var toHash: [Int] = []
    // The builder leaves named pipes out, and copies sockets and devices as empty regular files
    // with their permission bits (measured on Docker 20.10).
    walked.removeAll { $0.status.kind == .fifo }
    for item in walked {
      let status = item.status
      var entry = ContextEntry(pathBytes: item.path, kind: status.kind, mode: status.permissions)
      switch entry.kind {
      case .file:
        entry.size = status.size
        if let record = cached[item.path], record.key == Self.key(status) {
          entry.sha256 = record.sha256
        } else {
          toHash.append(entries.count)
        }
      case .symlink: entry.linkTarget = item.linkTarget
      case .socket, .charDevice, .blockDevice:
        entry.kind = .file
        entry.sha256 = Self.emptySHA256
      case .directory, .fifo: break
      }
      entries.append(entry)
    }

    let statuses = walked.map(\.status)
    let hashed = try Self.hashAll(toHash, entries: entries, statuses: statuses, base: resolved, display: root)
    var records: [([UInt8], StatCache.Record)] = []
    for (index, result) in hashed {
      entries[index].sha256 = result.0
      entries[index].mode = result.1.permissions
      entries[index].size = result.1.size
    }
    // Nothing read and every record used: the cache already says all of this.
    let files = entries.lazy.filter { $0.kind == .file }.count
    if let cache, !hashed.isEmpty || files != cached.count {
      var seen: Set<[UInt8]> = []
      for (index, item) in walked.enumerated() where entries[index].kind == .file {
        let status = hashed[index]?.1 ?? item.status
        if let sha = entries[index].sha256 {
          records.append((item.path, StatCache.Record(key: Self.key(status), sha256: sha)))
          if limited != nil { seen.insert(item.path) }
        }
      }
      // A narrowed scan keeps what other scans of the same context recorded.
      if limited != nil {
        for (path, record) in cached where !seen.contains(path) { records.append((path, record)) }
      }
      // The cache only saves work; failing to write it changes no result.
      try? cache.save(root: resolved, records: records, scanStart: scanStart)
    }
    return ContextFileSet(root: root, entries: entries, limitedTo: limited)
  }

  /// The SHA-256 of no bytes: the content of a socket or device as the builder copies it.
  static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

  static func key(_ status: FileStatus) -> StatCache.Key {
    StatCache.Key(
      size: status.size, modified: status.modifiedNanoseconds, changed: status.changedNanoseconds,
      inode: status.inode, device: status.device)
  }

  /// Hashes the files at `indices` on every core; the first error wins.
  private static func hashAll(
    _ indices: [Int], entries: [ContextEntry], statuses: [FileStatus], base: String, display: String
  ) throws(ContextError) -> [Int: (String, FileStatus)] {
    guard !indices.isEmpty else { return [:] }
    let workers = max(1, min(indices.count / 64 + 1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) * 2))
    let results = Mutex<[Int: (String, FileStatus)]>([:])
    let failure = Mutex<ContextError?>(nil)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var local: [Int: (String, FileStatus)] = [:]
      var position = worker
      while position < indices.count {
        if failure.withLock({ $0 != nil }) { return }
        let index = indices[position]
        let path = entries[index].path
        do {
          local[index] = try FileHasher.hash(
            path: base + "/" + path, display: display + "/" + path, expected: statuses[index])
        } catch let error as ContextError {
          failure.withLock { if $0 == nil { $0 = error } }
          return
        } catch {
          failure.withLock { if $0 == nil { $0 = .unreadable(path: path, reason: "\(error)") } }
          return
        }
        position += workers
      }
      results.withLock { $0.merge(local) { first, _ in first } }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    return results.withLock { $0 }
  }

  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }

  /// The digest of the set: every entry's path, kind, mode and content (hash or link target).
  public var digest: String {
    var encoder = CanonicalEncoder(version: "gantry-context-files/1")
    encode(into: &encoder)
    return encoder.digest
  }

  func encode(into encoder: inout CanonicalEncoder) {
    encoder.list("entries", entries) { encoder, entry in
      encoder.field("path", entry.pathBytes)
      encoder.field("kind", entry.kind.rawValue)
      encoder.field("mode", UInt64(entry.mode))
      if let sha = entry.sha256 { encoder.field("sha256", sha) }
      if let target = entry.linkTarget { encoder.field("target", target) }
    }
  }
}

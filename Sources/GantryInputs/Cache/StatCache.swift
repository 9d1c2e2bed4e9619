import Crypto

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Remembers the content hash of each regular file with the status it had when hashed (size,
/// modification and change times in nanoseconds, inode), as git's index does, so an unchanged
/// tree is not read again.
///
/// One cache file per context folder, under `folder` (`.gantry/stat-cache/` in use). The file ends
/// with the SHA-256 of everything before it: a truncated, corrupt or foreign file is ignored and
/// rebuilt, never trusted. Writes go to a temporary file that is renamed over the old one.
///
/// A file changed in the same clock tick as the scan that hashed it could keep its times; like
/// git's "racily clean" entries, entries whose times are not at least `racyMargin` older than the
/// scan that recorded them are hashed again.
public struct StatCache: Sendable {
  struct Key: Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64
    var inode: UInt64
    var device: UInt64
  }

  struct Record: Sendable {
    var key: Key
    var sha256: String
  }

  /// Where cache files live.
  public let folder: String
  /// Entries whose times are within this many nanoseconds of the recording scan are not trusted.
  public let racyMargin: Int64

  /// One second by default: far more than the file system's timestamp granularity.
  public static let defaultRacyMargin: Int64 = 1_000_000_000

  static let magic = Array("gantry-stat-cache\n1\n".utf8)

  public init(folder: String, racyMargin: Int64 = StatCache.defaultRacyMargin) {
    self.folder = folder
    self.racyMargin = racyMargin
  }

  /// The cache file for a context folder (named by the SHA-256 of its resolved path).
  func file(for root: String) -> String {
    let name = FileHasher.hex(SHA256.hash(data: Array(root.utf8)))
    return folder + "/" + name.prefix(32)
  }

  /// The records for `root` that may be trusted, keyed by path; empty when there is no usable cache.
  func load(root: String) -> [[UInt8]: Record] {
    guard let data = Self.readFile(file(for: root)) else { return [:] }
    return Self.decode(data, root: root, racyMargin: racyMargin) ?? [:]
  }

  /// Replaces the cache for `root` with `records` (path → record), scanned at `scanStart` (ns).
  func save(root: String, records: [([UInt8], Record)], scanStart: Int64) throws {
    var data = Self.magic
    Self.append(&data, Array(root.utf8))
    Self.append(&data, UInt64(bitPattern: scanStart))
    Self.append(&data, UInt64(records.count))
    for (path, record) in records {
      Self.append(&data, path)
      Self.append(&data, UInt64(bitPattern: record.key.size))
      Self.append(&data, UInt64(bitPattern: record.key.modified))
      Self.append(&data, UInt64(bitPattern: record.key.changed))
      Self.append(&data, record.key.inode)
      Self.append(&data, record.key.device)
      Self.append(&data, Array(record.sha256.utf8))
    }
    data += Array(SHA256.hash(data: data))
    try Self.writeAtomically(data, to: file(for: root), folder: folder)
  }

  // MARK: - Encoding

  private static func append(_ data: inout [UInt8], _ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { data += $0 }
  }

  private static func append(_ data: inout [UInt8], _ bytes: [UInt8]) {
    append(&data, UInt64(bytes.count))
    data += bytes
  }

  /// Decodes a cache file; nil when anything about it is wrong.
  static func decode(_ data: [UInt8], root: String, racyMargin: Int64) -> [[UInt8]: Record]? {
    guard data.count >= magic.count + 32, data.starts(with: magic) else { return nil }
    let body = data[0..<(data.count - 32)]
    guard Array(SHA256.hash(data: Array(body))).elementsEqual(data[(data.count - 32)...]) else { return nil }
    var reader = Reader(data: body, index: magic.count)
    guard let rootBytes = reader.bytes(), rootBytes.elementsEqual(root.utf8), let start = reader.integer(),
      let count = reader.integer(), count < UInt64(body.count)
    else { return nil }
    let scanStart = Int64(bitPattern: start)
    var records: [[UInt8]: Record] = [:]
    records.reserveCapacity(Int(count))
    for _ in 0..<count {
      guard let path = reader.bytes(), let size = reader.integer(), let modified = reader.integer(),
        let changed = reader.integer(), let inode = reader.integer(), let device = reader.integer(),
        let hash = reader.bytes(), hash.count == 64
      else { return nil }
      let key = Key(
        size: Int64(bitPattern: size), modified: Int64(bitPattern: modified), changed: Int64(bitPattern: changed),
        inode: inode, device: device)
      // Racily clean: possibly changed within the tick that recorded it.
      if key.modified > scanStart - racyMargin || key.changed > scanStart - racyMargin { continue }
      records[path] = Record(key: key, sha256: String(decoding: hash, as: UTF8.self))
    }
    guard reader.index == body.endIndex else { return nil }
    return records
  }

  private struct Reader {
    let data: ArraySlice<UInt8>
    var index: Int

    mutating func integer() -> UInt64? {
      guard index + 8 <= data.endIndex else { return nil }
      var value: UInt64 = 0
      for offset in 0..<8 { value |= UInt64(data[index + offset]) << (8 * UInt64(offset)) }
      index += 8
      return value
    }

    mutating func bytes() -> [UInt8]? {
      guard let length = integer(), length <= UInt64(data.endIndex - index) else { return nil }
      let result = Array(data[index..<(index + Int(length))])
      index += Int(length)
      return result
    }
  }

  // MARK: - Files

  static func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { return nil }
      if count == 0 { break }
      data += buffer[0..<count]
    }
    return data
  }

  /// Writes to a temporary file in the same folder, flushes it, and renames it into place.
  static func writeAtomically(_ data: [UInt8], to path: String, folder: String) throws {
    try makeFolders(folder)
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw CacheError(path: temporary, reason: Errno(errno).text) }
    var written = 0
    while written < data.count {
      let count = data.withUnsafeBytes { write(fd, $0.baseAddress! + written, data.count - written) }
      if count < 0, errno == EINTR { continue }
      if count <= 0 {
        let reason = Errno(errno).text
        close(fd)
        unlink(temporary)
        throw CacheError(path: temporary, reason: reason)
      }
      written += count
    }
    fsync(fd)
    close(fd)
    guard rename(temporary, path) == 0 else {
      let reason = Errno(errno).text
      unlink(temporary)
      throw CacheError(path: path, reason: reason)
    }
  }

  static func makeFolders(_ folder: String) throws {
    var current = folder.hasPrefix("/") ? "" : "."
    for part in folder.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o755) != 0, errno != EEXIST {
        throw CacheError(path: current, reason: Errno(errno).text)
      }
    }
  }
}

/// The stat cache could not be written (it is an optimisation: callers may warn and go on).
public struct CacheError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "\(path): cannot write the stat cache (\(reason))" }
}

/// `read(2)`, named apart from the methods called `read` here.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
  read(fd, buffer, count)
}

import Crypto

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hashes regular files, making sure the bytes hashed are the bytes of one unchanged version.
enum FileHasher {
  /// Attempts before a file that keeps changing is reported.
  static let attempts = 3

  /// The SHA-256 of the file at `path` (absolute) and the status it had while read. The status is
  /// taken before and after reading; when they differ (or differ from `expected`, the walk's), the
  /// file is read again.
  static func hash(path: String, display: String, expected: FileStatus) throws(ContextError) -> (String, FileStatus) {
    var expected = expected
    for _ in 0..<attempts {
      let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
      guard fd >= 0 else {
        let code = errno
        if code == ENOENT || code == ELOOP { throw .changedWhileReading(path: display) }
        throw .unreadable(path: display, reason: Errno(code).text)
      }
      defer { close(fd) }
      var before = stat()
      guard fstat(fd, &before) == 0 else { throw .unreadable(path: display, reason: Errno(errno).text) }
      let opened = FileStatus(before)
      guard opened.isRegular else { throw .changedWhileReading(path: display) }
      var hasher = SHA256()
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      var total: Int64 = 0
      while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 {
          if errno == EINTR { continue }
          throw .unreadable(path: display, reason: Errno(errno).text)
        }
        if count == 0 { break }
        total += Int64(count)
        buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      }
      var after = stat()
      guard fstat(fd, &after) == 0 else { throw .unreadable(path: display, reason: Errno(errno).text) }
      let closed = FileStatus(after)
      if opened == closed, closed.size == total, sameVersion(opened, expected) {
        return (hex(hasher.finalize()), closed)
      }
      expected = closed
    }
    throw .changedWhileReading(path: display)
  }

  /// Same file, same size and times: nothing was written in between.
  static func sameVersion(_ a: FileStatus, _ b: FileStatus) -> Bool {
    a.inode == b.inode && a.device == b.device && a.size == b.size && a.modifiedNanoseconds == b.modifiedNanoseconds
      && a.changedNanoseconds == b.changedNanoseconds
  }

  static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    for byte in digest {
      bytes.append(digits[Int(byte >> 4)])
      bytes.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

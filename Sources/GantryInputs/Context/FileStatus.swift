#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `lstat` says about one path: enough to classify it and to tell whether it changed.
struct FileStatus: Sendable, Hashable {
  var type: mode_t
  var permissions: UInt32
  var size: Int64
  var modifiedNanoseconds: Int64
  var changedNanoseconds: Int64
  var inode: UInt64
  var device: UInt64
  var rdev: UInt64

  init(_ info: stat) {
    type = info.st_mode & S_IFMT
    permissions = UInt32(info.st_mode & 0o7777)
    size = Int64(info.st_size)
    #if canImport(Darwin)
      modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
      changedNanoseconds = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
    #else
      modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
      changedNanoseconds = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    #endif
    inode = UInt64(info.st_ino)
    device = UInt64(info.st_dev)
    rdev = UInt64(info.st_rdev)
  }

  var isDirectory: Bool { type == S_IFDIR }
  var isRegular: Bool { type == S_IFREG }

  var kind: ContextEntry.Kind {
    switch type {
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    case S_IFIFO: return .fifo
    case S_IFSOCK: return .socket
    case S_IFCHR: return .charDevice
    case S_IFBLK: return .blockDevice
    default: return .file
    }
  }

  /// `lstat` of `name` in the folder open as `folder`.
  static func of(_ name: [UInt8], in folder: Int32) -> Result<FileStatus, Errno> {
    var info = stat()
    let result = (name + [0]).withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { fstatat(folder, $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) }
    }
    return result == 0 ? .success(FileStatus(info)) : .failure(Errno(errno))
  }
}

/// An `errno` value with its text.
struct Errno: Error, Sendable, Equatable {
  var code: Int32
  init(_ code: Int32) { self.code = code }
  var text: String { String(cString: strerror(code)) }
}

/// One thing the builder receives from a context folder.
public struct ContextEntry: Sendable, Hashable {
  /// What a path is on disk. A file set holds only files, folders and links: the builder drops
  /// named pipes and copies sockets and devices as empty files.
  public enum Kind: String, Sendable, Hashable, Codable {
    case file, directory, symlink, fifo, socket, charDevice = "char-device", blockDevice = "block-device"
  }

  /// The path relative to the context, `/`-separated, as raw bytes (names need not be UTF-8).
  public var pathBytes: [UInt8]
  public var kind: Kind
  /// Permission bits with set-user-ID, set-group-ID and sticky (`st_mode & 0o7777`).
  public var mode: UInt32
  /// Regular files: the content's SHA-256, lower-case hex.
  public var sha256: String?
  /// Symbolic links: the target as written (never followed).
  public var linkTarget: [UInt8]?
  /// Regular files: the size in bytes.
  public var size: Int64

  public init(
    pathBytes: [UInt8], kind: Kind, mode: UInt32, sha256: String? = nil, linkTarget: [UInt8]? = nil,
    size: Int64 = 0
  ) {
    self.pathBytes = pathBytes
    self.kind = kind
    self.mode = mode
    self.sha256 = sha256
    self.linkTarget = linkTarget
    self.size = size
  }

  /// The path as text (bytes that are not UTF-8 shown as U+FFFD).
  public var path: String { String(decoding: pathBytes, as: UTF8.self) }
  public var linkTargetString: String? { linkTarget.map { String(decoding: $0, as: UTF8.self) } }
}

/// Why a context could not be read. Every case names the path and what to do.
public enum ContextError: Error, Sendable, Equatable, CustomStringConvertible {
  case notAFolder(String)
  case unreadable(path: String, reason: String)
  case changedWhileReading(path: String)
  case invalidIgnoreFile(String)

  public var description: String {
    switch self {
    case .notAFolder(let path):
      return "\(path): the build context is not a folder (or a symbolic link to one that resolves)"
    case .unreadable(let path, let reason):
      return
        "\(path): cannot be read (\(reason)); the builder would fail to send it too — fix its permissions or exclude it in the ignore file"
    case .changedWhileReading(let path):
      return
        "\(path): changed while gantry was reading it, several times in a row; run again when nothing is writing to the context"
    case .invalidIgnoreFile(let text):
      return text
    }
  }
}

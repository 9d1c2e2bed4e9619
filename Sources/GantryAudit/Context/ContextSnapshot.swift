/// One entry the client sends from a context folder.
public struct SentEntry: Sendable, Hashable {
  /// Relative to the context, `/`-separated.
  public var path: String
  public var isDirectory: Bool
  /// Regular files: bytes; 0 otherwise.
  public var size: Int64

  public init(path: String, isDirectory: Bool = false, size: Int64 = 0) {
    self.path = path
    self.isDirectory = isDirectory
    self.size = size
  }
}

/// What the client sends from a context folder with a given ignore file. The audit reads the
/// context through this interface: the implementation in the command line uses GantryInputs'
/// exact matcher (the sending client's dialect); tests may use any other.
public protocol ContextSender: Sendable {
  /// The entries sent from `root`, with `ignoreText` as the ignore file's content (nil: no file).
  /// - Throws: when the folder or the ignore file cannot be read (the message says which).
  func sent(root: String, ignoreText: [UInt8]?) throws -> [SentEntry]
}

/// A context as the audit sees it: its folder, its ignore file and what is sent now.
public struct ContextSnapshot: Sendable {
  /// The context folder, absolute.
  public var root: String
  /// The ignore file the build uses (absolute), when there is one.
  public var ignoreFile: String?
  /// Its content.
  public var ignoreText: [UInt8]?
  /// Where a new ignore file would be written: the context's `.dockerignore`.
  public var defaultIgnoreFile: String { root + "/.dockerignore" }
  public var sent: [SentEntry]

  public init(root: String, ignoreFile: String?, ignoreText: [UInt8]?, sent: [SentEntry]) {
    self.root = root
    self.ignoreFile = ignoreFile
    self.ignoreText = ignoreText
    self.sent = sent
  }

  /// Regular files and their bytes.
  public static func tally(_ entries: [SentEntry]) -> (files: Int, bytes: Int64) {
    var files = 0
    var bytes: Int64 = 0
    for entry in entries where !entry.isDirectory {
      files += 1
      bytes += entry.size
    }
    return (files, bytes)
  }
}

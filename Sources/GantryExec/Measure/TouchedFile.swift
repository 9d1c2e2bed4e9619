import Foundation

/// The file the incremental scenario changes, with its original bytes kept on disk until it is
/// restored, so a run stopped at any point (Ctrl-C, a crash, a kill) leaves it restorable: the next
/// `gantry measure` restores it before anything else.
public struct TouchedFile: Sendable {
  public let path: String
  /// Where the original bytes and the path are kept (`.gantry/measure/`).
  let backupFolder: String

  var backupData: String { backupFolder + "/touched.orig" }
  var backupPath: String { backupFolder + "/touched.path" }

  /// What the incremental scenario appends: a line of 32 spaces and tabs spelling a random number,
  /// so each change is content the builder has never cached (the same appended text would hit
  /// the cache of an earlier round), and blank to nearly every language.
  public static func change() -> Data {
    let bits = UInt32.random(in: .min ... .max)
    let line = (0..<32).map { bits & (1 << $0) == 0 ? " " : "\t" }.joined()
    return Data(("\n" + line + "\n").utf8)
  }

  /// Saves the file's bytes, then changes it.
  /// - Throws: when the file cannot be read or written, or an earlier change is still pending.
  public static func touch(_ path: String, backupFolder: String) throws -> TouchedFile {
    try FileManager.default.createDirectory(atPath: backupFolder, withIntermediateDirectories: true)
    let file = TouchedFile(path: path, backupFolder: backupFolder)
    guard !FileManager.default.fileExists(atPath: file.backupPath) else {
      throw MeasureError.pendingRestore(backupFolder)
    }
    guard let original = FileManager.default.contents(atPath: path) else { throw MeasureError.unreadable(path) }
    try original.write(to: URL(fileURLWithPath: file.backupData))
    try Data(path.utf8).write(to: URL(fileURLWithPath: file.backupPath))
    try Self.writeInPlace(original + change(), to: path)
    return file
  }

  /// Puts the original bytes back (in place: same file, same permissions) and forgets the backup.
  public func restore() throws {
    guard let original = FileManager.default.contents(atPath: backupData) else { return }
    try Self.writeInPlace(original, to: path)
    try? FileManager.default.removeItem(atPath: backupData)
    try? FileManager.default.removeItem(atPath: backupPath)
  }

  /// Restores a file an earlier run left changed; returns its path when there was one.
  public static func recover(backupFolder: String) throws -> String? {
    let probe = TouchedFile(path: "", backupFolder: backupFolder)
    guard let pathData = FileManager.default.contents(atPath: probe.backupPath) else { return nil }
    let file = TouchedFile(path: String(decoding: pathData, as: UTF8.self), backupFolder: backupFolder)
    try file.restore()
    return file.path
  }

  static func writeInPlace(_ data: Data, to path: String) throws {
    guard let handle = FileHandle(forWritingAtPath: path) else { throw MeasureError.unwritable(path) }
    defer { try? handle.close() }
    try handle.truncate(atOffset: 0)
    try handle.write(contentsOf: data)
    try handle.synchronize()
  }
}

/// Why `gantry measure` cannot run; each says what to do.
public enum MeasureError: Error, Sendable, CustomStringConvertible {
  case unreadable(String)
  case unwritable(String)
  case pendingRestore(String)
  case noFileToTouch(service: String)
  case commandBackend

  public var description: String {
    switch self {
    case .unreadable(let path): "\(path): cannot be read; choose another file with --touch"
    case .unwritable(let path): "\(path): cannot be written; choose another file with --touch"
    case .pendingRestore(let folder):
      "\(folder) holds a file an earlier measure changed and did not restore; run gantry measure again to restore it"
    case .noFileToTouch(let service):
      "service '\(service)': no file read by a COPY or ADD was found to change; name one with --touch PATH"
    case .commandBackend:
      "gantry measure builds with buildx or docker; the command backend has no --no-cache or --target to add"
    }
  }
}

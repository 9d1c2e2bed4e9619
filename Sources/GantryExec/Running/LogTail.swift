import Foundation
import GantryReport

/// The last lines of a log file, read from its end: the cost does not depend on the log's size.
public enum LogTail {
  public static func lines(of path: String, count: Int, maximumBytes: Int = 64 * 1024) -> [String] {
    guard count > 0, let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    guard let size = try? handle.seekToEnd() else { return [] }
    let start = size > UInt64(maximumBytes) ? size - UInt64(maximumBytes) : 0
    do {
      try handle.seek(toOffset: start)
    } catch {
      return []
    }
    let data = (try? handle.readToEnd()) ?? Data()
    var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    if start > 0, !lines.isEmpty { lines.removeFirst() }  // a partial first line
    if lines.last == "" { lines.removeLast() }
    return lines.suffix(count).map(String.init)
  }
}

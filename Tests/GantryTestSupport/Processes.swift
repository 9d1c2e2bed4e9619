import Foundation

/// The process table, read from /proc.
public enum Processes {
  /// Pids whose command line contains `text`.
  public static func matching(_ text: String) -> [Int32] {
    all().filter { commandLine($0).contains(text) }
  }

  /// Every process below `pid` (children, grandchildren, …).
  public static func descendants(of pid: Int32) -> [Int32] {
    var parents: [Int32: Int32] = [:]
    for candidate in all() { parents[candidate] = parent(of: candidate) }
    var result: [Int32] = []
    var frontier = [pid]
    while let next = frontier.popLast() {
      for (child, parent) in parents where parent == next {
        result.append(child)
        frontier.append(child)
      }
    }
    return result
  }

  public static func isAlive(_ pid: Int32) -> Bool {
    // A zombie has exited; only its entry remains until it is reaped.
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
  }

  public static func all() -> [Int32] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
  }

  public static func commandLine(_ pid: Int32) -> String {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
    return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
  }

  public static func parent(of pid: Int32) -> Int32? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    return fields.count > 1 ? Int32(fields[1]) : nil
  }
}

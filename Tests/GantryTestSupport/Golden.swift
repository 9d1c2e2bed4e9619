import Foundation

/// Golden files: compare output with a checked-in baseline; `GANTRY_RECORD=1` (or a missing file) records it.
public enum Golden {
  public enum Outcome: Equatable {
    case matched, recorded
    case differs(expected: String, actual: String)
  }

  /// Compares `actual` with `Golden/<name>` beside the calling test file.
  public static func check(_ actual: String, named name: String, filePath: StaticString = #filePath) throws -> Outcome {
    let folder = URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent().appendingPathComponent("Golden")
    let url = folder.appendingPathComponent(name)
    let record = ProcessInfo.processInfo.environment["GANTRY_RECORD"] == "1"
    if record || !FileManager.default.fileExists(atPath: url.path) {
      // Never record silently in CI: a missing baseline there is a failure.
      if !record, ProcessInfo.processInfo.environment["CI"] != nil {
        return .differs(expected: "<missing golden file \(name)>", actual: actual)
      }
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
      return .recorded
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    return expected == actual ? .matched : .differs(expected: expected, actual: actual)
  }
}

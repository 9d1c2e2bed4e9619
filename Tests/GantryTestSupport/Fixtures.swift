import Foundation

/// Fixture folders copied to a fresh temporary directory per test, so tests never write into the source tree.
public enum Fixtures {
  /// A new empty temporary folder (symlinks resolved, so paths compare equal to what the loader computes).
  public static func temporaryFolder(_ label: String = "gantry-test") throws -> String {
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().path
    let path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Copies `folder` (a path relative to the calling test file's `Fixtures/` folder) into a temporary folder
  /// and returns the copy's path.
  public static func copy(_ folder: String, filePath: StaticString = #filePath) throws -> String {
    let source = fixturesFolder(filePath: filePath) + "/" + folder
    let destination = try temporaryFolder(folder.replacingOccurrences(of: "/", with: "-"))
    for item in try FileManager.default.contentsOfDirectory(atPath: source) {
      try FileManager.default.copyItem(atPath: source + "/" + item, toPath: destination + "/" + item)
    }
    return destination
  }

  /// The `Fixtures/` folder beside the calling test file.
  public static func fixturesFolder(filePath: StaticString = #filePath) -> String {
    URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent().appendingPathComponent("Fixtures").path
  }

  /// Writes files (path relative to `root` → contents) creating folders as needed.
  public static func write(_ files: [String: String], into root: String) throws {
    for (path, contents) in files {
      let url = URL(fileURLWithPath: root).appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try contents.write(to: url, atomically: true, encoding: .utf8)
    }
  }
}

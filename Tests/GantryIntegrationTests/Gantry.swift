import Foundation
import GantryTestSupport

extension Command {
  /// The built `gantry` executable, beside the test bundle.
  static var gantry: String {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    // The runner may sit inside `<name>.xctest/` or directly in the build folder.
    while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("gantry").path),
      folder.path != "/"
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("gantry").path
  }
}

import GantryCore
import GantryLoad
import GantryTestSupport

/// A temporary project folder for compose loader tests.
struct ComposeScratch {
  let root: String

  /// A fresh folder holding `files` (path relative to the folder → contents).
  init(_ files: [String: String]) throws {
    root = try Fixtures.temporaryFolder("compose")
    try Fixtures.write(files, into: root)
  }

  /// A copy of a fixture folder.
  init(fixture: String, filePath: StaticString = #filePath) throws {
    root = try Fixtures.copy(fixture, filePath: filePath)
  }

  /// Loads the named files (relative to the folder) in order.
  func load(_ files: [String] = ["compose.yaml"], environment: [String: String] = [:]) throws(DiagnosticsError)
    -> Project
  {
    try ComposeLoader.load(paths: files.map { root + "/" + $0 }, environment: environment)
  }

  /// The diagnostics thrown by loading the files, or none when they load.
  func problems(_ files: [String] = ["compose.yaml"], environment: [String: String] = [:]) -> [Diagnostic] {
    do {
      _ = try load(files, environment: environment)
      return []
    } catch {
      return error.diagnostics
    }
  }

  /// `file:line:column` as diagnostics print it, for a file in the folder.
  func at(_ file: String, _ line: Int, _ column: Int) -> String {
    "\(root)/\(file):\(line):\(column)"
  }
}

extension Diagnostic {
  /// `file:line:column`, or an empty string without a location.
  var place: String { location?.description ?? "" }
}

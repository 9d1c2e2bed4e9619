import Foundation
import Testing

/// The module map of docs/development.md, checked against the sources' imports: the report module
/// depends on Core only, and the runner does not reach back to the loader.
@Suite struct LayeringTests {
  static let sources = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    .appendingPathComponent("../../Sources").standardizedFileURL.path

  /// The modules imported by the Swift files under `Sources/<module>`.
  static func imports(of module: String) throws -> Set<String> {
    let folder = sources + "/" + module
    let files = try #require(FileManager.default.enumerator(atPath: folder)).compactMap { $0 as? String }
      .filter { $0.hasSuffix(".swift") }
    #expect(!files.isEmpty, "no sources under \(folder)")
    var found: Set<String> = []
    for file in files {
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("import ") {
        found.insert(String(line.dropFirst("import ".count)).trimmingCharacters(in: .whitespaces))
      }
    }
    return found
  }

  @Test func theReportModuleDependsOnCoreOnly() throws {
    let gantry = try Self.imports(of: "GantryReport").filter { $0.hasPrefix("Gantry") }
    #expect(gantry == ["GantryCore"])
  }

  @Test func theRunnerDoesNotReadServiceDefinitions() throws {
    let gantry = try Self.imports(of: "GantryExec").filter { $0.hasPrefix("Gantry") }
    #expect(gantry.isSubset(of: ["GantryCore", "GantryPlan", "GantryReport"]), "\(gantry.sorted())")
  }

  @Test func theReportCommandLinksOnlyTheReportModule() throws {
    let text = try String(contentsOfFile: Self.sources + "/GantryCLI/ReportCommand.swift", encoding: .utf8)
    let gantry = text.split(separator: "\n").filter { $0.hasPrefix("import Gantry") }
    #expect(gantry == ["import GantryCore", "import GantryReport"])
  }
}

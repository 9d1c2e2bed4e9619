import Foundation

/// The files every run writes beside `report.json`.
public enum ReportFormat: String, Sendable, CaseIterable {
  case csv, junit, summary, trace, html

  /// The file's name in the report folder.
  public var fileName: String {
    switch self {
    case .csv: "report.csv"
    case .junit: "junit.xml"
    case .summary: "summary.md"
    case .trace: "trace.json"
    case .html: "report.html"
    }
  }

  public func render(_ report: RunReport) throws -> String {
    switch self {
    case .csv: CSVReport.render(report)
    case .junit: JUnitReport.render(report)
    case .summary: MarkdownSummary.render(report)
    case .trace: try TraceReport.render(report)
    case .html: HTMLReport.render(report)
    }
  }
}

/// Writes the formats of a run.
public enum ReportFiles {
  /// Writes every format into `directory` (atomically), and a copy of each format that has one
  /// in `copies` to that path too. Returns the problems met (a format that could not be written
  /// does not stop the others).
  public static func write(_ report: RunReport, to directory: String, copies: [ReportFormat: String] = [:]) -> [String]
  {
    var problems: [String] = []
    for format in ReportFormat.allCases {
      do {
        let data = Data(try format.render(report).utf8)
        try data.write(to: URL(fileURLWithPath: directory + "/" + format.fileName), options: .atomic)
        if let copy = copies[format] {
          let url = URL(fileURLWithPath: copy)
          try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
          try data.write(to: url, options: .atomic)
        }
      } catch {
        problems.append("could not write \(copies[format] ?? format.fileName): \(error.localizedDescription)")
      }
    }
    return problems
  }

  /// Appends `summary.md` to the file `$GITHUB_STEP_SUMMARY` names (GitHub Actions' job summary).
  public static func appendStepSummary(_ report: RunReport, environment: [String: String]) -> String? {
    guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return nil }
    let text = MarkdownSummary.render(report) + "\n"
    if !FileManager.default.fileExists(atPath: path) {
      _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    guard let handle = FileHandle(forWritingAtPath: path) else {
      return "could not append to $GITHUB_STEP_SUMMARY (\(path))"
    }
    defer { try? handle.close() }
    do {
      _ = try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
      return nil
    } catch {
      return "could not append to $GITHUB_STEP_SUMMARY (\(path)): \(error.localizedDescription)"
    }
  }
}

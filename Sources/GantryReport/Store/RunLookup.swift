import Foundation
import GantryCore

/// Finding past runs' reports: by run id (or a unique start of one), `latest`, or a path.
extension ReportStore {
  public enum LookupError: ReportableError, CustomStringConvertible {
    case noRuns(folder: String)
    case notFound(reference: String, known: [String])
    case ambiguous(reference: String, matches: [String])
    case noPrevious(runID: String)
    case unreadable(path: String, reason: String)

    public var diagnostics: [Diagnostic] {
      switch self {
      case .noRuns(let folder):
        return [.error("no runs in \(folder)", at: nil, hint: "run 'gantry build' first, or name a report.json")]
      case .notFound(let reference, let known):
        let recent = known.suffix(3).reversed().joined(separator: ", ")
        return [
          .error(
            "no run '\(reference)' and no such report.json", at: nil,
            hint: "name a run id (\(recent.isEmpty ? "none yet" : "recent: " + recent)), 'latest', or a path to a report.json")
        ]
      case .ambiguous(let reference, let matches):
        return [
          .error("'\(reference)' matches several runs: \(matches.joined(separator: ", "))", at: nil, hint: "give more of the run id")
        ]
      case .noPrevious(let runID):
        return [.error("there is no run before \(runID) to compare with", at: nil, hint: "build again, or name both runs")]
      case .unreadable(let path, let reason):
        return [.error("cannot read \(path): \(reason)", at: nil, hint: "is it a report.json written by gantry build?")]
      }
    }

    public var description: String { rendered }
  }

  /// Runs under `.gantry/runs` that have a `report.json`, oldest first (run ids sort by time).
  public func runIDs() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: runsDirectory)) ?? []
    return names.filter { name in
      !name.hasPrefix(".") && name != "latest"
        && FileManager.default.fileExists(atPath: runsDirectory + "/" + name + "/report.json")
    }.sorted()
  }

  /// The `report.json` a reference names: nil or `latest` for the last run, a path to a report.json
  /// or to a folder holding one, or a run id (a unique start of one will do).
  public func locate(_ reference: String?, relativeTo folder: String) throws(LookupError) -> String {
    let runs = runIDs()
    guard let reference, reference != "latest" else {
      guard let last = latestRunID() ?? runs.last else { throw .noRuns(folder: runsDirectory) }
      return runsDirectory + "/" + last + "/report.json"
    }
    let path = reference.hasPrefix("/") ? reference : folder + "/" + reference
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      if !isDirectory.boolValue { return path }
      if FileManager.default.fileExists(atPath: path + "/report.json") { return path + "/report.json" }
    }
    if runs.contains(reference) { return runsDirectory + "/" + reference + "/report.json" }
    let matches = runs.filter { $0.hasPrefix(reference) }
    if matches.count == 1 { return runsDirectory + "/" + matches[0] + "/report.json" }
    if matches.count > 1 { throw .ambiguous(reference: reference, matches: matches) }
    throw .notFound(reference: reference, known: runs)
  }

  /// The run `latest` points at, when the link is there and its run has a report.
  func latestRunID() -> String? {
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: runsDirectory + "/latest") else {
      return nil
    }
    let id = URL(fileURLWithPath: target).lastPathComponent
    return FileManager.default.fileExists(atPath: runsDirectory + "/" + id + "/report.json") ? id : nil
  }

  /// The report of the last run before `runID` (by run id, so by start time).
  public func previous(before runID: String) throws(LookupError) -> String {
    guard let id = runIDs().last(where: { $0 < runID }) else { throw .noPrevious(runID: runID) }
    return runsDirectory + "/" + id + "/report.json"
  }

  public static func loadReport(at path: String) throws(LookupError) -> RunReport {
    do {
      return try decodeReport(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .unreadable(path: path, reason: "\(error)")
    }
  }
}

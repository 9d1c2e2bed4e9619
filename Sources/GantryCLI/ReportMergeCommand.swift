import ArgumentParser
import Foundation
import GantryCore
import GantryReport

/// `gantry report merge --output DIR SHARD-DIR…`.
struct ReportMergeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the reports of 'gantry build --shard' runs into one report folder.",
    discussion: """
      Every folder must hold the report.json of a shard of one partition
      (the same 'gantry ci matrix'), written by this schema version. The
      output gets report.json and every other format, the HTML timeline
      with one lane per shard, and the shards' logs. A shard with no report
      is shown as not run, its jobs as skipped, and the merged run as failed.
      Nothing is written unless everything is.

      Examples:
        gantry report merge --output merged shard-1 shard-2 shard-3
        gantry report merge --output merged --history reports/*
      """)

  @Option(help: ArgumentHelp("The folder to write (must not exist, or be empty).", valueName: "dir"))
  var output: String

  @Argument(help: "The shards' report folders (or their report.json files).")
  var folders: [String] = []

  @Flag(help: "Also append the merged run to .gantry/history.jsonl of -C DIR (durations for the next matrix).")
  var history = false

  @OptionGroup(title: "Where the history is") var location: RunsLocation

  func run() async throws {
    let cwd = location.cwd
    let inputs = try folders.map { folder throws(ReportMerge.MergeError) in
      try ReportMerge.read(Paths.absolute(folder, relativeTo: cwd))
    }
    let report = try ReportMerge.merge(inputs)
    let destination = Paths.absolute(output, relativeTo: cwd)
    try ReportMerge.write(report, inputs: inputs, to: destination)
    if history { try location.store.appendHistory(report) }
    let shards = report.run.mergedShards ?? []
    let missing = shards.filter { $0.status == .missing }.map { String($0.index) }
    Terminal.printError(
      "merged \(shards.count - missing.count) of \(shards.count) shards into \(Paths.display(destination)): \(report.run.status.rawValue)"
        + (missing.isEmpty ? "" : " (did not run: shard \(missing.joined(separator: ", ")))"))
  }
}

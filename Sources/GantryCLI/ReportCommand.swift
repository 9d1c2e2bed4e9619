import ArgumentParser
import Foundation
import GantryCore
import GantryReport

extension RunComparison.Format: ExpressibleByArgument {}

/// `gantry report`: past runs, read from `.gantry/runs/`.
struct ReportCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Show a past run, or compare two runs and flag regressions.",
    discussion: """
      Runs are named by run id (a unique start of one is enough), 'latest',
      or a path to a report.json (or to the folder holding it). Runs live in
      .gantry/runs/ beside the manifest.

      Examples:
        gantry report show                    the last run
        gantry report show 20261123T1118 --format md
        gantry report compare                 the last run against the one before
        gantry report compare main.json --fail-on-regression
      """,
    subcommands: [ReportShowCommand.self, ReportCompareCommand.self, ReportMergeCommand.self, ReportTrendCommand.self])
}

/// Where the runs are: `-C DIR` (or the folder of `-f FILE`), else the current folder.
struct RunsLocation: ParsableArguments {
  @Option(
    name: [.customShort("C"), .customLong("directory")],
    help: ArgumentHelp("The folder holding the manifest and .gantry/ (default: the current folder).", valueName: "dir"))
  var directory: String?

  @Option(
    name: [.short, .customLong("file")], help: ArgumentHelp("A manifest: its folder holds .gantry/.", valueName: "path")
  )
  var file: String?

  var cwd: String { FileManager.default.currentDirectoryPath }

  var store: ReportStore {
    if let file { return ReportStore(root: Paths.folder(of: Paths.absolute(file, relativeTo: cwd))) }
    return ReportStore(root: directory.map { Paths.absolute($0, relativeTo: cwd) } ?? cwd)
  }

  /// Runs `body` on the store; a lookup failure reaches the user like every other error.
  func lookingUp<T>(_ body: (ReportStore) throws(ReportStore.LookupError) -> T) throws -> T {
    try body(store)
  }
}

/// `gantry report show [RUN]`.
struct ReportShowCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the summary of a past run (default: the last one).")

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, md, json
  }

  @OptionGroup(title: "Where the runs are") var location: RunsLocation

  @Argument(help: "A run id, 'latest', or a path to a report.json (default: latest).")
  var run: String?

  @Option(help: "text (aligned, for a terminal), md (summary.md) or json (report.json).")
  var format: Format = .text

  func run() async throws {
    let cwd = location.cwd
    let report = try location.lookingUp { store throws(ReportStore.LookupError) in
      try ReportStore.loadReport(at: try store.locate(run, relativeTo: cwd))
    }
    switch format {
    case .text: Terminal.write(TextReport.render(report))
    case .md: Terminal.write(MarkdownSummary.render(report))
    case .json: Terminal.write(String(decoding: try ReportStore.encode(report), as: UTF8.self) + "\n")
    }
  }
}

/// `gantry report compare [BASE] [CURRENT]`.
struct ReportCompareCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare two runs job by job: duration, image size, cache ratio; flag regressions.",
    discussion: """
      Defaults: CURRENT is the last run, BASE the run before CURRENT. A job's
      duration regressed when it grew by more than --duration-threshold
      percent and by at least --min-duration-change seconds (both runs having
      built it); its image when the size grew by more than --size-threshold
      percent.

      Exit status: 0, or 1 with --fail-on-regression when a regression is
      flagged; 2 when a run cannot be found or read.
      """)

  @OptionGroup(title: "Where the runs are") var location: RunsLocation

  @Argument(help: "The run to compare against (default: the run before CURRENT).")
  var base: String?

  @Argument(help: "The run to judge (default: latest).")
  var current: String?

  @Option(
    help: ArgumentHelp(
      "Percent a job may get slower before it counts as a regression.", valueName: "percent"))
  var durationThreshold: Double = 20

  @Option(
    help: ArgumentHelp("Percent an image may grow before it counts as a regression.", valueName: "percent")
  )
  var sizeThreshold: Double = 10

  @Option(help: ArgumentHelp("Seconds a job must get slower by, at least, to count.", valueName: "seconds"))
  var minDurationChange: Double = 1

  @Flag(help: "Exit with status 1 when any regression is flagged.")
  var failOnRegression = false

  @Option(help: "text, md (Markdown table) or json.")
  var format: RunComparison.Format = .text

  func validate() throws {
    for (name, value) in [("--duration-threshold", durationThreshold), ("--size-threshold", sizeThreshold)]
    where value < 0 || !value.isFinite {
      throw ValidationError("\(name) must be a percentage of 0 or more, such as 20")
    }
    if minDurationChange < 0 || !minDurationChange.isFinite {
      throw ValidationError("--min-duration-change must not be negative")
    }
  }

  func run() async throws {
    let cwd = location.cwd
    let (baseReport, currentReport) = try location.lookingUp { store throws(ReportStore.LookupError) in
      // With one run named, it is the base: what the last run is compared against.
      let currentPath = try store.locate(current, relativeTo: cwd)
      let currentReport = try ReportStore.loadReport(at: currentPath)
      let basePath: String
      if let base {
        basePath = try store.locate(base, relativeTo: cwd)
      } else {
        basePath = try store.previous(before: currentReport.run.id)
      }
      return (try ReportStore.loadReport(at: basePath), currentReport)
    }
    let comparison = RunComparison(
      base: baseReport, current: currentReport,
      thresholds: RunComparison.Thresholds(
        duration: durationThreshold / 100, minimumDurationSeconds: minDurationChange, size: sizeThreshold / 100))
    Terminal.write(try comparison.render(format))
    if failOnRegression, !comparison.regressed.isEmpty {
      throw ExitCode(Entrypoint.Status.buildFailed.rawValue)
    }
  }
}

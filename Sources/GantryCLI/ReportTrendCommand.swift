import ArgumentParser
import GantryReport

extension Trend.Format: ExpressibleByArgument {}

/// `gantry report trend`.
struct ReportTrendCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trend",
    abstract: "Each job's duration, image size and cache hit ratio over the last runs, regressions marked.",
    discussion: """
      Reads .gantry/history.jsonl (every gantry build, and every 'report merge
      --history'). A value is a regression when it grew past the threshold over
      the previous run that built the job: duration by more than
      --duration-threshold percent and at least --min-duration-change seconds,
      image size by more than --size-threshold percent.

      Examples:
        gantry report trend
        gantry report trend --last 30 --format html > trend.html
        gantry report trend --format csv
      """)

  @OptionGroup(title: "Where the runs are") var location: RunsLocation

  @Option(help: "How many of the newest runs to show.")
  var last: UInt = 10

  @Option(help: "text, csv or html (one self-contained page, a chart per job).")
  var format: Trend.Format = .text

  @Option(help: ArgumentHelp("Percent a job may get slower before it counts as a regression.", valueName: "percent"))
  var durationThreshold: Double = 20

  @Option(help: ArgumentHelp("Percent an image may grow before it counts as a regression.", valueName: "percent"))
  var sizeThreshold: Double = 10

  @Option(help: ArgumentHelp("Seconds a job must get slower by, at least, to count.", valueName: "seconds"))
  var minDurationChange: Double = 1

  func validate() throws {
    if last == 0 { throw ValidationError("--last must be at least 1") }
    for (name, value) in [("--duration-threshold", durationThreshold), ("--size-threshold", sizeThreshold)]
    where value < 0 || !value.isFinite {
      throw ValidationError("\(name) must be a percentage of 0 or more, such as 20")
    }
    if minDurationChange < 0 || !minDurationChange.isFinite {
      throw ValidationError("--min-duration-change must not be negative")
    }
  }

  func run() async throws {
    let trend = Trend(
      history: location.store.history(), last: Int(last),
      thresholds: Trend.Thresholds(
        duration: durationThreshold / 100, minimumDurationSeconds: minDurationChange, size: sizeThreshold / 100))
    Terminal.write(trend.render(format))
  }
}

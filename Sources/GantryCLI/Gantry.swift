import ArgumentParser

/// The `gantry` command: builds the images of a monorepo in dependency order.
public struct Gantry: AsyncParsableCommand {
  public static let version = "0.1.0"

  public static let configuration = CommandConfiguration(
    commandName: "gantry",
    abstract: "Build the images of a monorepo in dependency order, as fast as the graph allows.",
    discussion: """
      gantry reads the services of a repository (gantry.yml, or compose files
      when there is none), works out which image needs which (needs, and FROM,
      COPY --from or RUN --mount=from= naming another service's image), and
      runs one builder invocation per job, in dependency order.

      Examples:
        gantry build                 build what is not up to date, 4 at once
        gantry status                what is up to date, and why not
        gantry plan                  the jobs, their order, their exact commands
        gantry plan api --format json
        gantry graph --format dot | dot -Tsvg > graph.svg
        gantry inputs api            what api's build reads, its input digest
        gantry audit --format sarif  build-speed findings at file:line
        gantry report compare --fail-on-regression
        gantry ci matrix --shards 3  shards for a CI matrix (docs/ci.md)

      Exit status: 0 success, 1 a build failed, 2 bad input or usage,
      130 interrupted. Documentation: docs/ in the gantry repository.
      """,
    version: version,
    subcommands: [
      BuildCommand.self, StatusCommand.self, PlanCommand.self, GraphCommand.self, InputsCommand.self,
      AuditCommand.self, MeasureCommand.self, ReportCommand.self, CICommand.self,
    ]
  )

  public init() {}
}

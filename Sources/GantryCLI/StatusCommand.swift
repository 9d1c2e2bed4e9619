import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryLoad
import GantryPlan

/// `gantry status`: which jobs `gantry build` would run, and why. Builds nothing.
struct StatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show which images are up to date, and why the others would be built.",
    discussion: """
      Reads every job's inputs (the files its build can read, after the
      ignore file, its Dockerfile, arguments and settings: docs/incremental.md)
      and asks the engine, or the registry an image is pushed to, whether the
      image built from exactly these inputs exists.

      up_to_date  nothing to do
      stale       the inputs changed since the image was built, or it never was
      missing     the inputs are those of the last build, but the image is gone

      Examples:
        gantry status
        gantry status api --format json
        gantry status --changed-since origin/main
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to check (default: all); their dependencies are included.")
  var services: [String] = []

  @Option(help: "text or json.")
  var format: Format = .text

  @Option(help: "auto, buildx, docker or command, as for build.")
  var backend: BackendChoice?

  @Option(help: ArgumentHelp("The docker client to run (default: $GANTRY_DOCKER, else docker).", valueName: "path"))
  var docker: String?

  @Flag(help: "Pull every external base image first, as build --pull does.")
  var pull = false

  @OptionGroup(title: "Changes") var changes: ChangeOptions

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  struct Row: Encodable {
    var id: String
    var service: String
    var state: String
    var reason: String
    var inputsDigest: String

    enum CodingKeys: String, CodingKey {
      case id, service, state, reason
      case inputsDigest = "inputs_digest"
    }
  }

  func run() async throws {
    let environment = ProcessInfo.processInfo.environment
    let client = docker ?? environment["GANTRY_DOCKER"] ?? "docker"
    let loaded = try project.loadProject()
    let chosen = await BackendChoice.resolve(flag: backend, project: loaded).backend(
      client: client, environment: environment)
    var options = PlanOptions(backend: chosen, client: client, multiArch: platformOptions.options)
    guard let selection = try await changes.selection(services, project: loaded, options: options) else {
      if format == .json { Terminal.write("{\n  \"jobs\" : [\n\n  ]\n}\n") } else { Terminal.write(changes.nothingChanged + "\n") }
      return
    }
    options.selection = selection
    let plan = try Planner().plan(loaded, options: options)
    for warning in plan.warnings { Terminal.printError(warning.description) }
    let assessment = try await Freshness.assess(
      plan, client: client, environment: environment, stateDirectory: loaded.root + "/.gantry", force: false,
      pull: pull)
    for warning in assessment.warnings { Terminal.printError("warning: \(warning)") }
    let rows = plan.jobs.compactMap { job in
      assessment.verdicts[job.id].map {
        Row(id: job.id, service: job.service, state: $0.state.rawValue, reason: $0.reason, inputsDigest: $0.digest)
      }
    }
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      Terminal.write(String(decoding: try encoder.encode(["jobs": rows]), as: UTF8.self) + "\n")
    case .text:
      let width = rows.map(\.id.count).max() ?? 0
      let states = rows.map(\.state.count).max() ?? 0
      for row in rows {
        let id = row.id.padding(toLength: width, withPad: " ", startingAt: 0)
        let state = row.state.padding(toLength: states, withPad: " ", startingAt: 0)
        Terminal.write("\(id)  \(state)  \(row.reason)\n")
      }
      let stale = rows.filter { $0.state != "up_to_date" }.count
      Terminal.write("\(rows.count - stale) up to date, \(stale) to build\n")
    }
  }
}

import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryInputs
import GantryLoad
import GantryPlan

extension IgnoreDialect: ExpressibleByArgument {}

/// `gantry inputs SERVICE`: every input of one job with its hash, and the job's input digest.
struct InputsCommand: AsyncParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  static let configuration = CommandConfiguration(
    commandName: "inputs",
    abstract: "List what one job's build reads, with hashes, and its input digest.",
    discussion: """
      The files are those of the context as the builder receives them (the
      ignore file applied with the sending client's rules), paths relative to
      the context, sorted; when every COPY, ADD and bind-mount source is a
      plain path, only those paths. Hashes of unchanged files come from the
      stat cache under .gantry/stat-cache.

      Examples:
        gantry inputs api
        gantry inputs api@linux/arm64 --format json
        gantry inputs web --backend docker
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "The job: SERVICE, or SERVICE@os/arch for a service built per platform.")
  var job: String

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Option(
    help: """
      auto (buildx when 'docker buildx version' works, else docker), buildx, docker, or command. \
      Default: the manifest's backend setting, else auto.
      """)
  var backend: BackendChoice?

  @Option(help: ArgumentHelp("The docker client (default: $GANTRY_DOCKER, else docker).", valueName: "path"))
  var docker: String?

  @Option(
    help: """
      Whose ignore-file rules apply: docker-20.10 (Docker 20.10's own client) or buildx (buildx, \
      Docker 23+). Default: those of the client that sends the context.
      """)
  var ignoreRules: IgnoreDialect?

  @Flag(help: "Hash every file; neither read nor write the stat cache.")
  var noCache = false

  @OptionGroup(title: "Platforms") var platformOptions: PlatformOptions

  func run() async throws {
    let loaded = try project.loadProject()
    let service = String(job.split(separator: "@", maxSplits: 1).first ?? "")
    let environment = ProcessInfo.processInfo.environment
    let client = docker ?? environment["GANTRY_DOCKER"] ?? "docker"
    let backend = await BackendChoice.resolve(flag: backend, project: loaded).backend(
      client: client, environment: environment)
    let plan = try Planner().plan(
      loaded,
      options: PlanOptions(
        backend: backend, client: client, selection: [service], multiArch: platformOptions.options))
    guard plan.jobs.contains(where: { $0.id == job }) else {
      let ids = plan.jobs.filter { $0.service == service }.map(\.id)
      throw DiagnosticsError([
        .error(
          "no job '\(job)'", at: nil,
          hint: ids.isEmpty
            ? "name a service of the project" : "the jobs of '\(service)' are \(ids.joined(separator: ", "))")
      ])
    }
    var dialect = ignoreRules ?? .moby
    if ignoreRules == nil, backend == .docker {
      dialect = await ClientDialect.detect(client: client, environment: environment)
    }
    let cache = noCache ? nil : StatCache(folder: loaded.root + "/.gantry/stat-cache")
    // The same narrowing as `gantry build`: base images are checked for ONBUILD triggers.
    let bases = await OnbuildCheck(plan: plan, client: client, environment: environment).baseImages(pull: false)
    var resolver = InputResolver(
      plan: plan, dialect: dialect, cache: cache, basesWithoutTriggers: bases.withoutTriggers,
      baseImageIDs: bases.ids)
    let resolved = try resolver.resolve(job)
    let source = plan.job(job)?.source
    let report = InputsReport(
      id: job, resolved: resolved, context: source?.context, dockerfile: source?.dockerfile, dialect: dialect,
      root: loaded.root)
    switch format {
    case .json: Terminal.write(try report.json())
    case .text: Terminal.write(report.text())
    }
  }
}

/// What `gantry inputs` prints.
struct InputsReport: Encodable {
  /// A regular file.
  struct File: Encodable {
    var path: String
    var sha256: String
    var mode: String
  }

  /// Anything sent: a file, folder, symbolic link or device.
  struct Entry: Encodable {
    var path: String
    var kind: String
    var mode: String
    var sha256: String?
    var target: String?
  }

  var id: String
  var inputsDigest: String
  var context: String?
  var dockerfile: String?
  var ignoreFile: String?
  var ignoreRules: String
  /// The literal sources the files were limited to; absent when they are the whole context.
  var narrowedTo: [String]?
  /// The regular files, each with its hash.
  var files: [File]
  /// Everything the builder receives from the context, folders and links included.
  var entries: [Entry]
  var buildArgs: [String: String]
  var target: String?
  var platforms: [String]
  var builder: String
  var upstream: [String: String]

  enum CodingKeys: String, CodingKey {
    case id, context, dockerfile, files, entries, target, platforms, builder, upstream
    case inputsDigest = "inputs_digest"
    case ignoreFile = "ignore_file"
    case ignoreRules = "ignore_rules"
    case narrowedTo = "narrowed_to"
    case buildArgs = "build_args"
  }

  init(
    id: String, resolved: InputResolver.Resolved, context: String?, dockerfile: String?, dialect: IgnoreDialect,
    root: String
  ) {
    let inputs = resolved.inputs
    self.id = id
    inputsDigest = resolved.digest
    self.context = context.map { Paths.relative($0, to: root) }
    self.dockerfile = dockerfile.map { Paths.relative($0, to: root) }
    ignoreFile = inputs.ignoreFile?.name
    ignoreRules = dialect.rawValue
    narrowedTo = inputs.files.limitedTo
    entries = inputs.files.entries.map { entry in
      Entry(
        path: entry.path, kind: entry.kind.rawValue, mode: String(entry.mode, radix: 8), sha256: entry.sha256,
        target: entry.linkTargetString)
    }
    files = inputs.files.entries.compactMap { entry in
      entry.sha256.map { File(path: entry.path, sha256: $0, mode: String(entry.mode, radix: 8)) }
    }
    buildArgs = inputs.buildArgs
    target = inputs.target
    platforms = inputs.platforms
    builder = inputs.builder
    upstream = inputs.upstreamDigests
  }

  func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }

  func text() -> String {
    var lines = ["\(id) \(inputsDigest)"]
    if let context { lines.append("context: \(context)") }
    if let dockerfile { lines.append("dockerfile: \(dockerfile)") }
    lines.append("ignore file: \(ignoreFile ?? "none") (\(ignoreRules) rules)")
    if let narrowedTo { lines.append("limited to: \(narrowedTo.joined(separator: " "))") }
    for (job, digest) in upstream.sorted(by: { $0.key < $1.key }) { lines.append("upstream \(job): \(digest)") }
    lines.append("files:")
    for entry in entries {
      let content = entry.sha256 ?? entry.target.map { "-> " + $0 } ?? entry.kind
      lines.append("  \(entry.mode.leftPadded(to: 4)) \(content) \(entry.path)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

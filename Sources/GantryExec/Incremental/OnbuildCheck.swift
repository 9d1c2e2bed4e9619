import Foundation
import GantryCore
import GantryDockerfile
import GantryPlan

/// Which base images are known to carry no `ONBUILD` triggers: a trigger (`ONBUILD COPY . /src`)
/// runs in every build FROM the image and may read any part of the context, so only builds whose
/// base images are all known to be free of them may limit their inputs to the files their own
/// instructions name (`ContextNarrowing`).
///
/// An image another job of the plan builds is free of triggers when that job's Dockerfile has no
/// `ONBUILD` instruction; any other image is asked of the engine (`.Config.OnBuild`). An image the
/// engine does not have is not known to be free: those builds keep their whole context.
public struct OnbuildCheck: Sendable {
  public var plan: Plan
  public var client: String
  public var environment: [String: String]
  public var processes: ProcessRunner

  public init(
    plan: Plan, client: String, environment: [String: String],
    processes: ProcessRunner = ProcessRunner(grace: .seconds(1))
  ) {
    self.plan = plan
    self.client = client
    self.environment = environment
    self.processes = processes
  }

  /// The base images (as written after argument substitution) known to have no triggers.
  public func imagesWithoutTriggers() async -> Set<String> {
    await baseImages(pull: false).withoutTriggers
  }

  /// What the engine holds of the external base images: those known to have no triggers, and the
  /// image id of each it has (an input of every build FROM it).
  /// - Parameter pull: `<client> pull` each external base first (`--pull`: a nightly run that
  ///   rebuilds what a moved base tag affects); a pull that fails (an image only this engine has)
  ///   leaves the engine's image as it is.
  public func baseImages(pull: Bool) async -> (withoutTriggers: Set<String>, ids: [String: String]) {
    var bases: Set<String> = []
    var builtBy: [ImageReference: JobSource] = [:]
    for job in plan.jobs {
      guard let source = job.source else { continue }
      for tag in job.tags { if let reference = ImageReference(tag) { builtBy[reference] = source } }
      guard let dockerfile = Self.dockerfile(source) else { continue }
      for stage in dockerfile.stages where !stage.baseIsStage && !stage.isScratch { bases.insert(stage.base) }
    }
    var free: Set<String> = []
    var ask: [String] = []
    for base in bases {
      if let reference = ImageReference(base), let source = builtBy[reference] {
        if let text = Self.text(source), !Self.hasOnbuild(text) { free.insert(base) }
      } else if ImageReference(base) != nil {
        ask.append(base)
      }
    }
    guard !ask.isEmpty, let builder = plan.builder(plan.jobs.first?.builder ?? "") ?? plan.builders.first else {
      return (free, [:])
    }
    if pull {
      for image in ask.sorted() {
        let (argv, env) = builder.clientCommand(client: client, ["pull", "--quiet", image])
        _ = await processes.capture(
          PipelineCommand(argv: argv, env: env), environment: environment, directory: plan.root, timeout: .seconds(600))
      }
    }
    let (argv, env) = builder.clientCommand(
      client: client,
      ["image", "inspect", "--format", "{{json .RepoTags}} {{.Id}} {{json .Config.OnBuild}}"] + ask.sorted())
    let result = await processes.capture(
      PipelineCommand(argv: argv, env: env), environment: environment, directory: plan.root, timeout: .seconds(30))
    let wanted = Dictionary(ask.compactMap { base in ImageReference(base).map { ($0, base) } }, uniquingKeysWith: { a, _ in a })
    var ids: [String: String] = [:]
    for line in result.standardOutput.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 2)
      guard parts.count == 3, let tags = try? JSONDecoder().decode([String].self, from: Data(parts[0].utf8)) else {
        continue
      }
      let triggers = (try? JSONDecoder().decode([String]?.self, from: Data(parts[2].utf8))) ?? nil
      for tag in tags {
        guard let reference = ImageReference(tag), let base = wanted[reference] else { continue }
        ids[base] = String(parts[1])
        if triggers?.isEmpty ?? true { free.insert(base) }
      }
    }
    return (free, ids)
  }

  static func text(_ source: JobSource) -> String? {
    if let inline = source.dockerfileInline { return inline }
    guard let path = source.dockerfile, let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  static func dockerfile(_ source: JobSource) -> Dockerfile? {
    text(source).map { DockerfileParser.parse($0, file: source.dockerfile ?? "-", buildArgs: source.args) }
  }

  /// True when a line of the Dockerfile starts with `ONBUILD` (in any case): a trigger, or text
  /// that might be one (a heredoc body) — either way the image is not known to be free.
  static func hasOnbuild(_ text: String) -> Bool {
    text.split(whereSeparator: \.isNewline).contains { line in
      line.drop { $0 == " " || $0 == "\t" }.prefix(7).uppercased() == "ONBUILD"
    }
  }
}

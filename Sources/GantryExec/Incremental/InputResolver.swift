import Foundation
import GantryCore
import GantryDockerfile
import GantryInputs
import GantryPlan

/// Reads the inputs of planned jobs (contexts, Dockerfiles, ignore files) and computes their
/// digests, upstream jobs first, each once (docs/incremental.md).
public struct InputResolver {
  /// What was read for one job.
  public struct Resolved: Sendable {
    public var inputs: JobInputs
    public var digest: String
    /// The ignore file that applied, absolute.
    public var ignoreFile: String?
  }

  /// The inputs of a job could not be read: an invalid ignore file, an unreadable context entry.
  public struct Failure: ReportableError {
    public var diagnostics: [Diagnostic]
  }

  public let plan: Plan
  /// Whose ignore rules apply.
  public let dialect: IgnoreDialect
  /// Where the stat cache lives; nil to neither read nor write one.
  public let cache: StatCache?
  /// Base images known to carry no `ONBUILD` triggers: a build whose external bases are all among
  /// them reads only the context paths its instructions name (`ContextNarrowing`).
  public let basesWithoutTriggers: Set<String>
  /// The engine's image id of each external base image it holds.
  public let baseImageIDs: [String: String]
  private var resolved: [String: Resolved] = [:]

  public init(
    plan: Plan, dialect: IgnoreDialect, cache: StatCache?, basesWithoutTriggers: Set<String> = [],
    baseImageIDs: [String: String] = [:]
  ) {
    self.plan = plan
    self.dialect = dialect
    self.cache = cache
    self.basesWithoutTriggers = basesWithoutTriggers
    self.baseImageIDs = baseImageIDs
  }

  /// The inputs of the job `id` (and, on the way, of every job it depends on).
  public mutating func resolve(_ id: String) throws(Failure) -> Resolved {
    if let done = resolved[id] { return done }
    guard let job = plan.job(id) else {
      throw Failure(diagnostics: [.error("no job '\(id)' in the plan", at: nil)])
    }
    var upstream: [String: String] = [:]
    for dependency in job.deps { upstream[dependency] = try resolve(dependency).digest }
    let result: Resolved
    if let source = job.source {
      result = try build(job, source: source, upstream: upstream)
    } else {
      // A manifest list is made of its per-platform images: its inputs are theirs, and its tags.
      let inputs = JobInputs(
        files: ContextFileSet(root: "", entries: []), dockerfile: [], dialect: dialect, labels: [:],
        builder: "manifest:" + job.tags.joined(separator: ","), upstreamDigests: upstream)
      result = Resolved(inputs: inputs, digest: inputs.digest)
    }
    resolved[id] = result
    return result
  }

  /// Every job of the plan, in plan order.
  public mutating func resolveAll() throws(Failure) -> [String: Resolved] {
    for job in plan.jobs { _ = try resolve(job.id) }
    return resolved
  }

  private func build(_ job: Job, source: JobSource, upstream: [String: String]) throws(Failure) -> Resolved {
    let text: [UInt8]
    if let inline = source.dockerfileInline {
      text = Array(inline.utf8)
    } else if let path = source.dockerfile, let data = FileManager.default.contents(atPath: path) {
      text = Array(data)
    } else {
      throw Failure(diagnostics: [
        .error(
          "cannot read the Dockerfile \(source.dockerfile ?? "-") of job '\(job.id)'", at: nil,
          hint: "check the service's dockerfile path")
      ])
    }
    // A Dockerfile from stdin has no name, so only the context's .dockerignore can apply.
    let ignoreFile = IgnoreFileLocator.path(context: source.context, dockerfile: source.dockerfile)
    let rules: IgnoreRules
    do {
      rules = try IgnoreFileLocator.rules(context: source.context, dockerfile: source.dockerfile, dialect: dialect)
    } catch {
      throw Failure(diagnostics: Self.diagnostics(of: error))
    }
    let parsed = DockerfileParser.parse(
      String(decoding: text, as: UTF8.self), file: source.dockerfile ?? "-", buildArgs: source.args)
    let externalBases = parsed.stages.filter { !$0.baseIsStage && !$0.isScratch }.map(\.base)
    let narrowed = ContextNarrowing.literalPaths(
      in: parsed, target: source.target,
      baseImagesCheckedForOnbuild: externalBases.allSatisfy(basesWithoutTriggers.contains))
    let files = try scan(source.context, rules: rules, limitedTo: narrowed)
    var additional: [String: JobInputs.AdditionalContext] = [:]
    for (name, value) in source.additionalContexts {
      if value.hasPrefix("/") {
        let folderRules: IgnoreRules
        do {
          folderRules = try IgnoreFileLocator.rules(context: value, dockerfile: nil, dialect: dialect)
        } catch {
          throw Failure(diagnostics: Self.diagnostics(of: error))
        }
        additional[name] = .folder(try scan(value, rules: folderRules, limitedTo: nil))
      } else {
        additional[name] = .reference(value)
      }
    }
    var inputs = JobInputs(
      files: files, dockerfile: text,
      ignoreFile: ignoreFile.map { (Paths.relative($0, to: source.context), rules.text) }, dialect: dialect,
      buildArgs: source.args, target: source.target, platforms: job.platforms.map(\.description),
      labels: source.labels, network: source.network, secretIDs: source.secretIDs, sshIDs: source.sshIDs,
      builder: "\(plan.backend.rawValue):\(job.builder)", additionalContexts: additional, upstreamDigests: upstream)
    for base in externalBases { if let id = baseImageIDs[base] { inputs.baseImages[base] = id } }
    return Resolved(inputs: inputs, digest: inputs.digest, ignoreFile: ignoreFile)
  }

  private func scan(_ folder: String, rules: IgnoreRules, limitedTo: [String]?) throws(Failure) -> ContextFileSet {
    do {
      return try ContextFileSet.scan(root: folder, rules: rules, limitedTo: limitedTo, cache: cache)
    } catch {
      throw Failure(diagnostics: [
        .error(error.description, at: nil, hint: "make the file readable, or exclude it in .dockerignore")
      ])
    }
  }

  static func diagnostics(of error: any Error) -> [Diagnostic] {
    if let error = error as? DiagnosticsError { return error.diagnostics }
    if let error = error as? any ReportableError { return error.diagnostics }
    return [.error("\(error)", at: nil)]
  }
}

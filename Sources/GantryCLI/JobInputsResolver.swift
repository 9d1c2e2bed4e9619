import Foundation
import GantryCore
import GantryDockerfile
import GantryInputs
import GantryLoad
import GantryPlan

/// Computes the `JobInputs` of planned jobs from their service definitions, reading contexts,
/// Dockerfiles and ignore files; upstream jobs first, each once.
struct JobInputsResolver {
  /// What was computed for one job.
  struct Resolved {
    var inputs: JobInputs
    var digest: String
    var context: String?
    var dockerfile: String?
  }

  let project: Project
  let plan: Plan
  /// Whose ignore rules apply.
  let dialect: IgnoreDialect
  /// Where the stat cache lives; nil to neither read nor write one.
  let cache: StatCache?
  private var resolved: [String: Resolved] = [:]

  init(project: Project, plan: Plan, dialect: IgnoreDialect, cache: StatCache?) {
    self.project = project
    self.plan = plan
    self.dialect = dialect
    self.cache = cache
  }

  /// The inputs of the job `id` (and, on the way, of every job it depends on).
  mutating func resolve(_ id: String) throws -> Resolved {
    if let done = resolved[id] { return done }
    guard let job = plan.jobs.first(where: { $0.id == id }) else {
      throw DiagnosticsError([.error("no job '\(id)' in the plan", at: nil)])
    }
    var upstream: [String: String] = [:]
    for dependency in job.deps { upstream[dependency] = try resolve(dependency).digest }
    let result: Resolved
    if job.kind == .build, let service = project.services.first(where: { $0.name == job.service }) {
      result = try build(job, service: service, upstream: upstream)
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

  private func build(_ job: Job, service: ServiceDefinition, upstream: [String: String]) throws -> Resolved {
    let context = service.context.value
    let dockerfilePath = service.dockerfile?.value ?? context + "/Dockerfile"
    let text: [UInt8]
    if let inline = service.dockerfileInline {
      text = Array(inline.utf8)
    } else {
      guard let data = FileManager.default.contents(atPath: dockerfilePath) else {
        throw DiagnosticsError([
          .error(
            "cannot read the Dockerfile \(dockerfilePath) of service '\(service.name)'",
            at: service.dockerfile?.location,
            hint: "check the service's dockerfile path")
        ])
      }
      text = Array(data)
    }
    // A Dockerfile from stdin has no name, so only the context's .dockerignore can apply.
    let ignoreBeside = service.dockerfileInline == nil ? dockerfilePath : nil
    let ignorePath = IgnoreFileLocator.path(context: context, dockerfile: ignoreBeside)
    let rules = try IgnoreFileLocator.rules(context: context, dockerfile: ignoreBeside, dialect: dialect)
    let args = Self.buildArgs(job: job, service: service, backend: plan.backend)
    let parsed = DockerfileParser.parse(String(decoding: text, as: UTF8.self), file: dockerfilePath, buildArgs: args)
    let narrowed = ContextNarrowing.literalPaths(in: parsed, target: service.target)
    let files = try scan(context, rules: rules, limitedTo: narrowed)
    var additional: [String: JobInputs.AdditionalContext] = [:]
    for (name, value) in service.additionalContexts {
      let written = value.value
      if written.contains("://") || written.hasPrefix("service:") || written.hasPrefix("target:") {
        additional[name] = .reference(written)
      } else {
        let folder = Paths.absolute(written, relativeTo: project.root)
        let folderRules = try IgnoreFileLocator.rules(context: folder, dockerfile: nil, dialect: dialect)
        additional[name] = .folder(try scan(folder, rules: folderRules, limitedTo: nil))
      }
    }
    let inputs = JobInputs(
      files: files, dockerfile: text,
      ignoreFile: ignorePath.map { (Paths.relative($0, to: context), rules.text) }, dialect: dialect,
      buildArgs: args, target: service.target, platforms: job.platforms.map(\.description), labels: service.labels,
      network: service.network, secretIDs: service.secrets.map(\.id),
      sshIDs: service.ssh.map { String($0.split(separator: "=", maxSplits: 1).first ?? "") },
      builder: "\(plan.backend.rawValue):\(job.builder)", additionalContexts: additional, upstreamDigests: upstream)
    return Resolved(inputs: inputs, digest: inputs.digest, context: context, dockerfile: dockerfilePath)
  }

  private func scan(_ folder: String, rules: IgnoreRules, limitedTo: [String]?) throws -> ContextFileSet {
    do {
      return try ContextFileSet.scan(root: folder, rules: rules, limitedTo: limitedTo, cache: cache)
    } catch {
      throw DiagnosticsError([.error(error.description, at: nil)])
    }
  }

  /// The build arguments the builder receives: read from the job's command for docker and buildx
  /// (after toolchain and per-platform expansion); the service's own for a command template.
  static func buildArgs(job: Job, service: ServiceDefinition, backend: Backend) -> [String: String] {
    guard backend != .command else { return service.args }
    var args: [String: String] = [:]
    var index = 0
    while index + 1 < job.argv.count {
      if job.argv[index] == "--build-arg" {
        let pair = job.argv[index + 1]
        if let equals = pair.firstIndex(of: "=") {
          args[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        index += 2
      } else {
        index += 1
      }
    }
    return args
  }
}

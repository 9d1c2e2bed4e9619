import GantryCore
import GantryLoad

/// Writes the builder command line for one service: the same inputs always give the same argv.
public struct ArgvBuilder: Sendable {
  public var backend: Backend
  /// argv[0]: the client binary (`docker` unless the user names another).
  public var client: String
  /// The folder the command runs in; paths are written relative to it.
  public var root: String
  /// Where the builder writes each job's image id (`--iidfile`) and, with buildx, its metadata; nil to omit.
  public var outputDirectory: String?
  /// The manifest's template, used by the `command` backend (which ignores `client`).
  public var template: CommandTemplate?

  public init(
    backend: Backend, client: String = "docker", root: String, outputDirectory: String? = nil,
    template: CommandTemplate? = nil
  ) {
    self.backend = backend
    self.client = client
    self.root = root
    self.outputDirectory = outputDirectory
    self.template = template
  }

  /// The image id file of a job, inside `directory`.
  public static func imageIDFile(for jobID: String, in directory: String) -> String {
    "\(directory)/\(FileNames.safe(jobID)).iid"
  }

  /// The buildx metadata file of a job, inside `directory`.
  public static func metadataFile(for jobID: String, in directory: String) -> String {
    "\(directory)/\(FileNames.safe(jobID)).metadata.json"
  }

  /// - Parameters:
  ///   - contextImages: image tags of the services named by `service:NAME` additional contexts.
  ///   - push: `--push` instead of `--load` (buildx).
  ///   - imageContexts: image names the Dockerfile uses mapped to the images to use instead, passed as
  ///     `--build-context NAME=docker-image://IMAGE` (buildx): how a per-platform job reads a
  ///     dependency's per-platform image.
  public func argv(
    for service: ServiceDefinition, jobID: String, contextImages: [String: String], push: Bool = false,
    imageContexts: [String: String] = [:]
  ) -> [String] {
    invocation(
      for: service, jobID: jobID, contextImages: contextImages, push: push, imageContexts: imageContexts
    ).argv
  }

  /// The command as parts, with no endpoint yet (the job's builder sets it).
  public func invocation(
    for service: ServiceDefinition, jobID: String, contextImages: [String: String], push: Bool = false,
    imageContexts: [String: String] = [:]
  ) -> Invocation {
    if backend == .command {
      return Invocation(verbatim: template?.expand(templateValues(for: service, jobID: jobID)) ?? [])
    }
    // Plain progress: the log is readable text, the same on a terminal and in CI.
    var argv = ["--progress", "plain"]
    if service.dockerfileInline != nil {
      argv += ["-f", "-"]
    } else if let dockerfile = service.dockerfile {
      argv += ["-f", Paths.relative(dockerfile.value, to: root)]
    }
    if let target = service.target { argv += ["--target", target] }
    for (key, value) in service.args.sorted(by: { $0.key < $1.key }) {
      argv += ["--build-arg", "\(key)=\(value)"]
    }
    if !service.platforms.isEmpty { argv += ["--platform", service.platforms.map(\.description).joined(separator: ",")] }
    for tag in service.allTags { argv += ["-t", tag] }
    for (key, value) in service.labels.sorted(by: { $0.key < $1.key }) {
      argv += ["--label", "\(key)=\(value)"]
    }
    for source in service.cacheFrom { argv += ["--cache-from", source] }
    if backend == .buildx {
      for destination in service.cacheTo { argv += ["--cache-to", destination] }
      for (name, value) in service.additionalContexts.sorted(by: { $0.key < $1.key }) {
        argv += ["--build-context", "\(name)=\(contextValue(value.value, contextImages: contextImages))"]
      }
      for (name, image) in imageContexts.sorted(by: { $0.key < $1.key }) where service.additionalContexts[name] == nil {
        argv += ["--build-context", "\(name)=docker-image://\(image)"]
      }
    }
    if let network = service.network { argv += ["--network", network] }
    for secret in service.secrets {
      switch secret.source {
      case .environment(let variable): argv += ["--secret", "id=\(secret.id),env=\(variable)"]
      case .file(let path): argv += ["--secret", "id=\(secret.id),src=\(Paths.relative(path, to: root))"]
      }
    }
    for socket in service.ssh { argv += ["--ssh", socket] }
    // A single-platform image goes into the engine's image store, so later jobs can build FROM it.
    if backend == .buildx {
      if push {
        argv.append("--push")
      } else if service.platforms.count <= 1 {
        argv.append("--load")
      }
    }
    if let outputDirectory {
      argv += ["--iidfile", Paths.relative(Self.imageIDFile(for: jobID, in: outputDirectory), to: root)]
      if backend == .buildx {
        argv += ["--metadata-file", Paths.relative(Self.metadataFile(for: jobID, in: outputDirectory), to: root)]
      }
    }
    argv.append(Paths.relative(service.context.value, to: root))
    return Invocation(client: client, verb: backend == .buildx ? ["buildx", "build"] : ["build"], arguments: argv)
  }

  /// What the template's placeholders stand for: paths relative to the root, where the command runs.
  public func templateValues(for service: ServiceDefinition, jobID: String) -> CommandTemplate.Values {
    let dockerfile =
      service.dockerfileInline != nil ? "-" : service.dockerfile.map { Paths.relative($0.value, to: root) } ?? "-"
    return CommandTemplate.Values(
      service: service.name, context: Paths.relative(service.context.value, to: root), dockerfile: dockerfile,
      tags: service.allTags, target: service.target, platforms: service.platforms.map(\.description), args: service.args,
      labels: service.labels,
      iidfile: outputDirectory.map { Paths.relative(Self.imageIDFile(for: jobID, in: $0), to: root) })
  }

  /// `service:NAME` becomes that service's image; a local folder (relative to the manifest's folder,
  /// as compose resolves it) is written relative to the root, where the command runs.
  func contextValue(_ value: String, contextImages: [String: String]) -> String {
    if let name = value.removingPrefix("service:") {
      return contextImages[name].map { "docker-image://\($0)" } ?? value
    }
    if value.contains("://") || value.hasPrefix("target:") { return value }
    return Paths.relative(Paths.absolute(value, relativeTo: root), to: root)
  }
}

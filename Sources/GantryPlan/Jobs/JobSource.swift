import GantryCore
import GantryLoad

/// What a build job's builder reads besides its command line: the context, the Dockerfile and the
/// settings that change the image. The planner records it so that the inputs of a job can be read
/// after planning without going back to the service definitions (docs/incremental.md).
public struct JobSource: Hashable, Sendable {
  /// The context folder, absolute.
  public var context: String
  /// The Dockerfile, absolute; nil for an inline one.
  public var dockerfile: String?
  public var dockerfileInline: String?
  /// Build arguments as the builder receives them (after toolchain and per-platform expansion).
  public var args: [String: String]
  public var target: String?
  public var labels: [String: String]
  public var network: String?
  /// Secret and SSH ids: which ones, never their values.
  public var secretIDs: [String]
  public var sshIDs: [String]
  /// `additional_contexts` as written after resolution: a folder (absolute) or a reference.
  public var additionalContexts: [String: String]

  /// A build reading `context` with `dockerfile` (its `Dockerfile` when nil) and nothing else set.
  public init(context: String, dockerfile: String? = nil) {
    self.context = context
    self.dockerfile = dockerfile ?? context + "/Dockerfile"
    dockerfileInline = nil
    args = [:]
    target = nil
    labels = [:]
    network = nil
    secretIDs = []
    sshIDs = []
    additionalContexts = [:]
  }

  public init(_ service: ServiceDefinition, root: String) {
    context = service.context.value
    dockerfile = service.dockerfileInline == nil ? service.dockerfile?.value ?? service.context.value + "/Dockerfile" : nil
    dockerfileInline = service.dockerfileInline
    args = service.args
    target = service.target
    labels = service.labels
    network = service.network
    secretIDs = service.secrets.map(\.id)
    sshIDs = service.ssh.map { String($0.split(separator: "=", maxSplits: 1).first ?? "") }
    additionalContexts = service.additionalContexts.mapValues { value in
      let written = value.value
      if written.contains("://") || written.hasPrefix("service:") || written.hasPrefix("target:") { return written }
      return Paths.absolute(written, relativeTo: root)
    }
  }
}

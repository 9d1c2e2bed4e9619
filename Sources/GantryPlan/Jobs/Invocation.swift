import GantryLoad

/// A job's command as its parts: the client, the builder endpoint, the subcommand, its options
/// and operands. It becomes argv (and the endpoint's environment) only when it is shown or run,
/// so routing a job to another builder changes the endpoint and nothing has to be cut out of an
/// argv, and the client is a field, not `argv.first`.
public struct Invocation: Hashable, Sendable {
  /// How the endpoint reaches the command.
  public enum Form: Hashable, Sendable {
    /// A docker client command: `--context NAME` after the client, `--builder NAME` after a buildx
    /// subcommand, `DOCKER_HOST` in the environment.
    case docker
    /// A command template (podman, buildah, kaniko) or a command read back from JSON: argv as
    /// written; an endpoint goes only into the environment (`DOCKER_HOST`, `DOCKER_CONTEXT`).
    case verbatim
  }

  public var form: Form
  /// argv[0].
  public var client: String
  /// `["buildx", "build"]`, `["build"]`, `["buildx", "imagetools", "create"]`; empty for a verbatim command.
  public var verb: [String]
  /// Everything after the verb (options, then the context or the images).
  public var arguments: [String]
  /// The builder the command is aimed at; nil: gantry's own environment.
  public var endpoint: BuilderEndpoint?

  public init(client: String, verb: [String], arguments: [String], endpoint: BuilderEndpoint? = nil) {
    self.form = .docker
    self.client = client
    self.verb = verb
    self.arguments = arguments
    self.endpoint = endpoint
  }

  /// A command used as written (`argv[0]` is the client).
  public init(verbatim argv: [String], endpoint: BuilderEndpoint? = nil) {
    self.form = .verbatim
    self.client = argv.first ?? ""
    self.verb = []
    self.arguments = Array(argv.dropFirst())
    self.endpoint = endpoint
  }

  /// The command line, argv[0] first, with the endpoint in its place.
  public var argv: [String] {
    guard form == .docker else { return [client] + arguments }
    switch endpoint {
    case .dockerContext(let name): return [client, "--context", name] + verb + arguments
    case .buildxBuilder(let name) where verb.first == "buildx":
      return [client] + verb + ["--builder", name] + arguments
    case .dockerHost, .buildxBuilder, nil: return [client] + verb + arguments
    }
  }

  /// What the endpoint adds to the command's environment.
  public var environment: [String: String] {
    switch endpoint {
    case .dockerHost(let url): ["DOCKER_HOST": url]
    case .dockerContext(let name) where form == .verbatim: ["DOCKER_CONTEXT": name]
    case .dockerContext, .buildxBuilder, nil: [:]
    }
  }
}

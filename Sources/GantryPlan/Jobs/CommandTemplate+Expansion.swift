import GantryLoad

extension CommandTemplate {
  /// What the placeholders stand for, for one job.
  public struct Values: Hashable, Sendable {
    public var service: String
    /// Relative to the folder the command runs in.
    public var context: String
    /// Relative to the folder the command runs in; `-` for an inline Dockerfile (fed on stdin).
    public var dockerfile: String
    /// Every tag, the image name first.
    public var tags: [String]
    public var target: String?
    public var platforms: [String]
    public var args: [String: String]
    public var labels: [String: String]
    /// Where the builder should write the image id; nil when the run asks for none.
    public var iidfile: String?

    public init(
      service: String, context: String, dockerfile: String, tags: [String], target: String? = nil,
      platforms: [String] = [], args: [String: String] = [:], labels: [String: String] = [:], iidfile: String? = nil
    ) {
      self.service = service
      self.context = context
      self.dockerfile = dockerfile
      self.tags = tags
      self.target = target
      self.platforms = platforms
      self.args = args
      self.labels = labels
      self.iidfile = iidfile
    }

    /// The value of a scalar placeholder; empty when there is nothing to say.
    public func value(of scalar: Scalar) -> String {
      switch scalar {
      case .service: service
      case .context: context
      case .dockerfile: dockerfile
      case .image: tags.first ?? ""
      case .target: target ?? ""
      case .platforms: platforms.joined(separator: ",")
      case .iidfile: iidfile ?? ""
      }
    }

    /// The arguments a list placeholder becomes; none when there is nothing to say.
    public func arguments(for list: List) -> [String] {
      switch list {
      case .tagFlags: tags.flatMap { ["-t", $0] }
      case .buildArgFlags: args.sorted { $0.key < $1.key }.flatMap { ["--build-arg", "\($0.key)=\($0.value)"] }
      case .labelFlags: labels.sorted { $0.key < $1.key }.flatMap { ["--label", "\($0.key)=\($0.value)"] }
      case .platformFlags: platforms.isEmpty ? [] : ["--platform", platforms.joined(separator: ",")]
      case .targetFlags: target.map { ["--target", $0] } ?? []
      case .iidfileFlags: iidfile.map { ["--iidfile", $0] } ?? []
      }
    }
  }

  /// The argv for one job. An element whose placeholders leave it empty is dropped, so `{target}`
  /// disappears when there is no target; literal elements are kept as written.
  public func expand(_ values: Values) -> [String] {
    var argv: [String] = []
    for element in elements {
      switch element {
      case .list(let list):
        argv += values.arguments(for: list)
      case .text(let pieces):
        var text = ""
        var hasPlaceholder = false
        for piece in pieces {
          switch piece {
          case .literal(let literal): text += literal
          case .scalar(let scalar):
            hasPlaceholder = true
            text += values.value(of: scalar)
          }
        }
        if !text.isEmpty || !hasPlaceholder { argv.append(text) }
      }
    }
    return argv
  }
}

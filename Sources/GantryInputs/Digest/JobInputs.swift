/// Everything that decides what one build job produces, and its digest.
///
/// A plain value: the planner or a session fills it in (file sets are computed with
/// `ContextFileSet.scan`, upstream digests come from the jobs this one depends on) and reads
/// `digest`. The encoding is canonical and versioned (`gantry-inputs/1`): every field is tagged and
/// length-prefixed, maps are sorted by key, and secret and SSH values never enter it (only ids).
public struct JobInputs: Sendable {
  /// An `additional_contexts` entry: a folder read like the main context, or anything else
  /// (`docker-image://…`, `service:NAME`, a URL) recorded as written.
  public enum AdditionalContext: Sendable {
    case folder(ContextFileSet)
    case reference(String)
  }

  /// The files of the main context (the whole context, or the literal sources when narrowed).
  public var files: ContextFileSet
  /// The Dockerfile's bytes.
  public var dockerfile: [UInt8]
  /// The ignore file that applied and its bytes; nil when there is none.
  public var ignoreFile: (name: String, text: [UInt8])?
  /// The dialect the ignore rules were applied with.
  public var dialect: IgnoreDialect
  /// Build arguments as passed to the builder (after toolchain and per-platform expansion).
  public var buildArgs: [String: String]
  public var target: String?
  public var platforms: [String]
  public var labels: [String: String]
  public var network: String?
  /// Secret ids only; their values never enter the digest.
  public var secretIDs: [String]
  /// SSH ids only (`default`, `id=…`); agent sockets and keys never enter the digest.
  public var sshIDs: [String]
  /// The builder: backend and builder name (a different builder may produce a different image).
  public var builder: String
  public var additionalContexts: [String: AdditionalContext]
  /// The input digests of the jobs this one depends on, by job id.
  public var upstreamDigests: [String: String]
  /// The image ids of the external base images (`FROM golang:1.23`, not another job's image) as
  /// the engine holds them, by reference as written: a base that moved changes the digest.
  public var baseImages: [String: String] = [:]

  public init(
    files: ContextFileSet, dockerfile: [UInt8], ignoreFile: (name: String, text: [UInt8])? = nil,
    dialect: IgnoreDialect, buildArgs: [String: String] = [:], target: String? = nil, platforms: [String] = [],
    labels: [String: String] = [:], network: String? = nil, secretIDs: [String] = [], sshIDs: [String] = [],
    builder: String, additionalContexts: [String: AdditionalContext] = [:], upstreamDigests: [String: String] = [:]
  ) {
    self.files = files
    self.dockerfile = dockerfile
    self.ignoreFile = ignoreFile
    self.dialect = dialect
    self.buildArgs = buildArgs
    self.target = target
    self.platforms = platforms
    self.labels = labels
    self.network = network
    self.secretIDs = secretIDs
    self.sshIDs = sshIDs
    self.builder = builder
    self.additionalContexts = additionalContexts
    self.upstreamDigests = upstreamDigests
  }

  /// `sha256:…` over the canonical encoding of every field.
  public var digest: String {
    var encoder = CanonicalEncoder(version: "gantry-inputs/1")
    encoder.field("files-limited-to", files.limitedTo.map { $0.joined(separator: "\u{0}") } ?? "*")
    files.encode(into: &encoder)
    encoder.field("dockerfile", dockerfile)
    encoder.field("ignore-file", ignoreFile.map { Array($0.name.utf8) } ?? [])
    encoder.field("ignore-text", ignoreFile?.text ?? [])
    encoder.field("ignore-present", ignoreFile == nil ? "no" : "yes")
    encoder.field("ignore-dialect", dialect.rawValue)
    encoder.list("build-args", buildArgs.sorted { $0.key < $1.key }) { encoder, pair in
      encoder.field("name", pair.key)
      encoder.field("value", pair.value)
    }
    encoder.field("target", target.map { "=" + $0 } ?? "")
    encoder.list("platforms", platforms) { $0.field("platform", $1) }
    encoder.list("labels", labels.sorted { $0.key < $1.key }) { encoder, pair in
      encoder.field("name", pair.key)
      encoder.field("value", pair.value)
    }
    encoder.field("network", network.map { "=" + $0 } ?? "")
    encoder.list("secret-ids", secretIDs.sorted()) { $0.field("id", $1) }
    encoder.list("ssh-ids", sshIDs.sorted()) { $0.field("id", $1) }
    encoder.field("builder", builder)
    encoder.list("additional-contexts", additionalContexts.sorted { $0.key < $1.key }) { encoder, pair in
      encoder.field("name", pair.key)
      switch pair.value {
      case .folder(let set):
        encoder.field("folder", set.limitedTo.map { $0.joined(separator: "\u{0}") } ?? "*")
        set.encode(into: &encoder)
      case .reference(let text): encoder.field("reference", text)
      }
    }
    // Only when known, so that digests of builds without external bases keep their value.
    if !baseImages.isEmpty {
      encoder.list("base-images", baseImages.sorted { $0.key < $1.key }) { encoder, pair in
        encoder.field("image", pair.key)
        encoder.field("id", pair.value)
      }
    }
    encoder.list("upstream", upstreamDigests.sorted { $0.key < $1.key }) { encoder, pair in
      encoder.field("job", pair.key)
      encoder.field("digest", pair.value)
    }
    return encoder.digest
  }
}

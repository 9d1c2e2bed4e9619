import Foundation
import GantryInputs
import GantryReport

/// What gantry remembers of the last successful build of each job, to say why a job is stale:
/// `.gantry/state/inputs.json`. Only reasons come from it; whether an image is up to date is
/// decided by the image itself (its `dev.gantry.inputs` label), so a lost or damaged file costs
/// nothing but the words.
public struct InputRecord: Codable, Sendable, Hashable {
  public var digest: String
  /// Regular files by path (relative to the context) → sha256; links and folders by path → kind.
  public var files: [String: String]
  public var dockerfile: String
  public var ignoreFile: String
  public var buildArgs: [String: String]
  public var target: String?
  public var platforms: [String]
  public var labels: [String: String]
  public var network: String?
  public var secretIDs: [String]
  public var sshIDs: [String]
  public var builder: String
  public var additionalContexts: [String: String]
  public var upstream: [String: String]
  /// External base image → the engine's image id (absent in records of older versions).
  public var baseImages: [String: String]?

  public init(_ inputs: JobInputs, digest: String) {
    self.digest = digest
    var files: [String: String] = [:]
    for entry in inputs.files.entries {
      files[entry.path] = entry.sha256 ?? entry.linkTarget.map { "-> " + String(decoding: $0, as: UTF8.self) }
        ?? entry.kind.rawValue
    }
    self.files = files
    dockerfile = BytesDigest.of(inputs.dockerfile)
    ignoreFile = (inputs.ignoreFile?.name ?? "") + ":" + BytesDigest.of(inputs.ignoreFile?.text ?? [])
    buildArgs = inputs.buildArgs
    target = inputs.target
    platforms = inputs.platforms
    labels = inputs.labels
    network = inputs.network
    secretIDs = inputs.secretIDs.sorted()
    sshIDs = inputs.sshIDs.sorted()
    builder = inputs.builder
    additionalContexts = inputs.additionalContexts.mapValues { context in
      switch context {
      case .folder(let set): set.digest
      case .reference(let text): text
      }
    }
    upstream = inputs.upstreamDigests
    baseImages = inputs.baseImages.isEmpty ? nil : inputs.baseImages
  }

  /// Why `current` differs from this record, in words (the first difference, most telling first).
  public func difference(to current: InputRecord) -> String {
    if current.digest == digest { return "inputs unchanged" }
    let before = baseImages ?? [:]
    let now = current.baseImages ?? [:]
    if let image = Set(before.keys).intersection(now.keys).sorted().first(where: { before[$0] != now[$0] }),
      let old = before[image], let new = now[image]
    {
      return "base image \(image) moved \(old) → \(new)"
    }
    let changedUpstream = Set(upstream.keys).union(current.upstream.keys).filter { upstream[$0] != current.upstream[$0] }
    if !changedUpstream.isEmpty {
      return "upstream changed: " + changedUpstream.sorted().joined(separator: ", ")
    }
    if dockerfile != current.dockerfile { return "Dockerfile changed" }
    let paths = Set(files.keys).union(current.files.keys).filter { files[$0] != current.files[$0] }.sorted()
    if !paths.isEmpty {
      let shown = paths.prefix(3).map { path in
        files[path] == nil ? "\(path) (added)" : current.files[path] == nil ? "\(path) (removed)" : path
      }
      return "files changed: " + shown.joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
    }
    let args = Set(buildArgs.keys).union(current.buildArgs.keys).filter { buildArgs[$0] != current.buildArgs[$0] }
    if let name = args.sorted().first {
      return "build arg \(name) changed: \(buildArgs[name] ?? "unset") → \(current.buildArgs[name] ?? "unset")"
    }
    if ignoreFile != current.ignoreFile { return "ignore file changed" }
    if target != current.target { return "target changed: \(target ?? "none") → \(current.target ?? "none")" }
    if platforms != current.platforms { return "platforms changed" }
    if labels != current.labels { return "labels changed" }
    if network != current.network { return "network changed" }
    if secretIDs != current.secretIDs || sshIDs != current.sshIDs { return "secret or ssh ids changed" }
    if builder != current.builder { return "builder changed: \(builder) → \(current.builder)" }
    if additionalContexts != current.additionalContexts { return "additional contexts changed" }
    return "inputs changed"
  }
}

/// The `.gantry/state/inputs.json` file: job id → the record of its last successful build.
public struct InputState: Sendable {
  public var path: String

  public init(stateDirectory: String) {
    path = stateDirectory + "/state/inputs.json"
  }

  /// The records; a missing, truncated or damaged file is an empty state (never trusted in part).
  public func load() -> [String: InputRecord] {
    guard let data = FileManager.default.contents(atPath: path) else { return [:] }
    return (try? JSONDecoder().decode([String: InputRecord].self, from: data)) ?? [:]
  }

  /// Records `built`, keeping the other jobs' records; written to a temporary file and renamed.
  public func save(_ built: [String: InputRecord]) throws {
    guard !built.isEmpty else { return }
    var records = load()
    records.merge(built) { _, new in new }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try encoder.encode(records).write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}

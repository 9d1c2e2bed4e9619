import Foundation
import GantryCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The label every image gantry builds carries: the digest of the inputs it was built from.
public enum InputsLabel {
  public static let name = "dev.gantry.inputs"
}

/// What an engine says of the images it holds: for each tag asked about, the image's id and its
/// inputs label. One `image inspect` per engine, whatever the number of images.
public struct EngineImages: Sendable {
  public struct Found: Sendable, Hashable {
    public var id: String
    public var inputs: String?
  }

  public var processes: ProcessRunner
  public var timeout: Duration

  public init(processes: ProcessRunner = ProcessRunner(grace: .seconds(1)), timeout: Duration = .seconds(30)) {
    self.processes = processes
    self.timeout = timeout
  }

  /// The images the engine has among `tags` (missing ones are absent from the result), or nil when
  /// the engine could not be asked. One `image ls` finds which tags the engine has (its cost does
  /// not grow with the tags asked about), then one `image inspect` reads the labels of those.
  public func lookup(
    _ tags: [String], command: PipelineCommand, environment: [String: String], directory: String
  ) async -> [String: Found]? {
    guard !tags.isEmpty else { return [:] }
    let listing = await processes.capture(
      PipelineCommand(
        argv: command.argv + ["image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}}"], env: command.env),
      environment: environment, directory: directory, timeout: timeout)
    guard listing.outcome.succeeded else { return nil }
    let present = Set(listing.standardOutput.split(separator: "\n").compactMap { ImageReference(String($0)) })
    let wanted = Dictionary(
      tags.compactMap { tag in ImageReference(tag).map { ($0, tag) } }, uniquingKeysWith: { a, _ in a })
    let asked = tags.filter { ImageReference($0).map(present.contains) ?? false }
    guard !asked.isEmpty else { return [:] }
    var argv = command.argv
    argv += ["image", "inspect", "--format", "{{json .RepoTags}} {{.Id}} {{json .Config.Labels}}"] + asked
    let result = await processes.capture(
      PipelineCommand(argv: argv, env: command.env), environment: environment, directory: directory, timeout: timeout)
    // Exit 1 when an image went away in between: the others are still printed, one line each.
    guard case .exited(let code) = result.outcome.ending, code == 0 || code == 1 else { return nil }
    if code == 1, !result.standardError.contains("No such image") { return nil }
    var found: [String: Found] = [:]
    for line in result.standardOutput.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3,
        let repoTags = try? JSONDecoder().decode([String].self, from: Data(parts[0].utf8))
      else { continue }
      let labels = try? JSONDecoder().decode([String: String]?.self, from: Data(parts[2].utf8))
      let image = Found(id: String(parts[1]), inputs: labels?[InputsLabel.name])
      for repoTag in repoTags {
        if let reference = ImageReference(repoTag), let tag = wanted[reference] { found[tag] = image }
      }
    }
    return found
  }
}

/// Asks an image registry (the Docker Registry HTTP API v2) for the inputs label of an image's
/// configuration: how a fresh CI runner, whose engine holds nothing, learns that an image is up to
/// date. Anonymous access only; a registry that wants credentials or does not answer is "unknown".
public struct RegistryProbe: Sendable {
  public enum Answer: Sendable, Hashable {
    /// The image exists; its inputs label (nil when it has none).
    case found(inputs: String?)
    case missing
    /// The registry could not say (down, 5xx, needs credentials): build, and say so once.
    case unknown(String)
  }

  public var timeout: TimeInterval

  public init(timeout: TimeInterval = 10) {
    self.timeout = timeout
  }

  static let manifestTypes = [
    "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
  ]

  /// The registry's answer for `reference` (a tag in a registry other than Docker Hub); for a
  /// multi-platform index, the entry of `platform` (`linux/amd64`), else the first.
  public func inputs(of reference: ImageReference, platform: String?) async -> Answer {
    guard reference.registry != "docker.io" else { return .unknown("Docker Hub is not asked") }
    let host = reference.registry
    let local = host.hasPrefix("localhost") || host.hasPrefix("127.") || host.hasPrefix("[::1]")
    let base = "\(local ? "http" : "https")://\(host)/v2/\(reference.repository)"
    let ref = reference.digest ?? reference.tag ?? "latest"
    do {
      guard var manifest = try await json(base + "/manifests/" + ref, accept: Self.manifestTypes) else {
        return .missing
      }
      if let entries = manifest["manifests"] as? [[String: Any]] {
        let chosen =
          entries.first { entry in
            guard let p = entry["platform"] as? [String: Any], let os = p["os"] as? String,
              let arch = p["architecture"] as? String
            else { return false }
            let variant = (p["variant"] as? String).map { "/" + $0 } ?? ""
            return platform.map { Platform($0) == Platform("\(os)/\(arch)\(variant)") } ?? true
          } ?? entries.first
        guard let digest = chosen?["digest"] as? String,
          let inner = try await json(base + "/manifests/" + digest, accept: Self.manifestTypes)
        else { return .missing }
        manifest = inner
      }
      guard let config = (manifest["config"] as? [String: Any])?["digest"] as? String,
        let blob = try await json(base + "/blobs/" + config, accept: ["*/*"])
      else { return .missing }
      let labels = (blob["config"] as? [String: Any])?["Labels"] as? [String: String]
      return .found(inputs: labels?[InputsLabel.name])
    } catch let error as ProbeError {
      return .unknown(error.message)
    } catch {
      return .unknown("\(error)")
    }
  }

  struct ProbeError: Error {
    var message: String
  }

  /// The JSON at `url`, nil for 404.
  func json(_ url: String, accept: [String]) async throws -> [String: Any]? {
    guard let address = URL(string: url) else { throw ProbeError(message: "bad address \(url)") }
    var request = URLRequest(url: address, timeoutInterval: timeout)
    request.setValue(accept.joined(separator: ", "), forHTTPHeaderField: "Accept")
    let (data, response) = try await URLSession.shared.data(for: request)
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    switch status {
    case 200: return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    case 404: return nil
    case 401, 403: throw ProbeError(message: "\(address.host ?? "the registry") wants credentials (HTTP \(status))")
    default: throw ProbeError(message: "\(address.host ?? "the registry") answered HTTP \(status)")
    }
  }
}

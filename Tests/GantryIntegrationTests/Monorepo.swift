import Foundation
import GantryTestSupport

/// A copy of examples/monorepo whose images are named under a prefix of its own, so tests never
/// touch each other's images (or the demo's).
struct Monorepo {
  let root: String
  let prefix: String

  static let services = ["base", "toolchain", "proto", "api", "worker", "web", "gateway", "migrations"]

  /// - Parameters:
  ///   - prefix: the images' name prefix (a registry host may lead it); a unique one by default.
  ///   - registry: a registry host the images are named for (`127.0.0.1:5055`), or none.
  init(prefix: String? = nil, registry: String? = nil, filePath: StaticString = #filePath) throws {
    let source = URL(fileURLWithPath: "\(filePath)").deletingLastPathComponent()
      .appendingPathComponent("../../examples/monorepo").standardizedFileURL.path
    self.prefix = prefix ?? (registry.map { $0 + "/" } ?? "") + "gt\(UUID().uuidString.prefix(8).lowercased())"
    root = try Fixtures.temporaryFolder("monorepo")
    try FileManager.default.removeItem(atPath: root)
    try FileManager.default.copyItem(atPath: source, toPath: root)
    // A developer's own runs of the example (make demo) leave state that is not part of it.
    try? FileManager.default.removeItem(atPath: root + "/.gantry")
    for path in try FileManager.default.subpathsOfDirectory(atPath: root)
    where path.hasSuffix("Dockerfile") || path.hasSuffix(".yml") {
      let full = root + "/" + path
      let text = try String(contentsOfFile: full, encoding: .utf8)
      try renamed(text).write(toFile: full, atomically: true, encoding: .utf8)
    }
  }

  func image(_ service: String) -> String { "\(prefix)/\(service):1" }

  /// Image names `acme/…` become `<prefix>/…`; file paths such as /etc/acme/ stay.
  func renamed(_ text: String) -> String {
    text.replacingOccurrences(of: "acme/", with: "\(prefix)/").replacingOccurrences(of: "/\(prefix)/", with: "/acme/")
  }

  var allTags: [String] { Self.services.map(image) + ["\(prefix)/api:latest"] }

  /// Replaces a service's Dockerfile.
  func setDockerfile(_ service: String, _ text: String) throws {
    try renamed(text).write(toFile: "\(root)/services/\(service)/Dockerfile", atomically: true, encoding: .utf8)
  }

  /// Runs `gantry build` here with the docker backend on the test engine.
  func build(_ arguments: [String]) async throws -> Command.Result {
    try await Command.run(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain"] + arguments,
      directory: root)
  }

  func report() throws -> Report {
    let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.gantry/runs/latest/report.json"))
    return try JSONDecoder().decode(Report.self, from: data)
  }

  /// The engine and `.gantry/` as a fresh CI runner has them: neither images nor state.
  func removeImagesAndState() {
    Engine.removeImages(allTags)
    try? FileManager.default.removeItem(atPath: root + "/.gantry")
  }

  func cleanUp() {
    Engine.removeImages(allTags)
    try? FileManager.default.removeItem(atPath: root)
  }
}

/// The fields of report.json the tests read, decoded independently of gantry's own types.
struct Report: Decodable {
  struct Run: Decodable {
    var status: String
    var jobs: Int
  }

  struct Job: Decodable {
    var id: String
    var status: String
    var deps: [String]
    var started_at: String?
    var finished_at: String?
    var exit_code: Int?
    var image_id: String?
    var log_path: String?
    var error: String?
  }

  var schema_version: Int
  var run: Run
  var jobs: [Job]

  func job(_ id: String) -> Job? { jobs.first { $0.id == id } }

  static func date(_ text: String?) -> Date? {
    text.flatMap { try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse($0) }
  }

  /// The most jobs running at the same moment, from the start and finish times.
  var peakOverlap: Int {
    Self.peak(
      jobs.compactMap { job in
        guard let start = Self.date(job.started_at), let end = Self.date(job.finished_at) else { return nil }
        return (start, end)
      })
  }

  /// The most spans open at the same moment.
  static func peak(_ spans: [(Date, Date)]) -> Int {
    var events: [(Date, Int)] = []
    for (start, end) in spans {
      events.append((start, 1))
      events.append((end, -1))
    }
    // At equal times, finishes count before starts: a slot freed and taken at once is no overlap.
    events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var current = 0
    var peak = 0
    for (_, change) in events {
      current += change
      peak = max(peak, current)
    }
    return peak
  }
}

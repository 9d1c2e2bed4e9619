import GantryCore
import GantryReport

/// "From the history": the slowest services, those with the lowest cache hit ratio and those whose
/// images grew most, each tied to the service's other findings.
public enum HistoryCheck {
  /// How many services each history rule names at most.
  public static let top = 3
  /// A cache hit ratio below this is reported.
  public static let lowRatio = 0.5
  /// Growth below this (bytes) is not reported.
  public static let minimumGrowth: Int64 = 1024 * 1024

  /// - Parameters:
  ///   - entries: `.gantry/history.jsonl`, oldest first.
  ///   - services: the audited services with where each is declared (the finding's location).
  ///   - findings: the other findings, to tie each history finding to.
  public static func findings(
    _ entries: [HistoryEntry], services: [(name: String, location: SourceLocation)], findings: [Finding]
  ) -> [Finding] {
    guard !entries.isEmpty else { return [] }
    let byName = Dictionary(services.map { ($0.name, $0.location) }, uniquingKeysWith: { first, _ in first })
    // Build runs only: `gantry measure` records `web:cold`, `web[build]:warm`, whose cold and warm
    // figures would distort a service's usual build time and cache hits.
    func service(ofJob id: String) -> String {
      id.contains(":") ? "" : String(id.split(separator: "@", maxSplits: 1).first ?? "")
    }
    var durations: [String: [Double]] = [:]
    var ratios: [String: [Double]] = [:]
    var sizes: [String: [Int64]] = [:]
    for entry in entries {
      for (id, seconds) in entry.durations where byName[service(ofJob: id)] != nil {
        durations[service(ofJob: id), default: []].append(seconds)
      }
      for (id, ratio) in entry.cacheRatios ?? [:] where byName[service(ofJob: id)] != nil {
        ratios[service(ofJob: id), default: []].append(ratio)
      }
      for (id, size) in entry.sizes ?? [:] where byName[service(ofJob: id)] != nil {
        sizes[service(ofJob: id), default: []].append(size)
      }
    }
    func related(_ name: String) -> String {
      let own = findings.filter { $0.service == name }
      guard !own.isEmpty else { return "no other finding for this service" }
      return "its findings: " + own.prefix(6).map { "\($0.rule) at \($0.file):\($0.line)" }.joined(separator: ", ")
    }
    var result: [Finding] = []
    let slowest = durations.map { ($0.key, median($0.value), $0.value.count) }
      .sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(top)
    for (rank, (name, seconds, runs)) in slowest.enumerated() {
      guard let location = byName[name] else { continue }
      result.append(
        Finding(
          rule: .historySlowest, service: name, location: location,
          message:
            "\(rank == 0 ? "the slowest" : "#\(rank + 1) slowest") service: median \(Summary.seconds(seconds)) over \(runs) recorded builds",
          evidence: related(name), fix: "start with the layer-order, context and cache-mount findings of \(name)"))
    }
    let lowest = ratios.map { ($0.key, median($0.value), $0.value.count) }.filter { $0.1 < lowRatio }
      .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(top)
    for (name, ratio, runs) in lowest {
      guard let location = byName[name] else { continue }
      result.append(
        Finding(
          rule: .historyLowCacheHits, service: name, location: location,
          message: "median cache hit ratio \(String(format: "%.0f", ratio * 100)) % over \(runs) recorded builds",
          evidence: related(name), fix: "order layers so changes touch late steps; keep unread files out of the context"
        ))
    }
    let grown = sizes.compactMap { name, values -> (String, Int64, Int64)? in
      guard let first = values.first, let last = values.last, last - first >= minimumGrowth else { return nil }
      return (name, first, last)
    }.sorted { ($0.2 - $0.1, $1.0) > ($1.2 - $1.1, $0.0) }.prefix(top)
    for (name, first, last) in grown {
      guard let location = byName[name] else { continue }
      result.append(
        Finding(
          rule: .historyGrowth, service: name, location: location,
          message:
            "the image grew from \(SizeText.display(first)) to \(SizeText.display(last)) (+\(SizeText.display(last - first)))",
          evidence: related(name), fix: "see the multi-stage findings; ship only the build's result"))
    }
    return result
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }
}

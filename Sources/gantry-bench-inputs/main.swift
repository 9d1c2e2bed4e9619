import Foundation
import GantryInputs

// Context digest benchmark: generates a context of N files (folders of 100 small files, an ignore
// file excluding about a tenth of them), then times the file set and its digest without the stat
// cache (every file read and hashed) and with a warm one (nothing read).
// Usage: gantry-bench-inputs [--files N] [--runs R] [--out FILE] [--context DIR]
// (--context: generate the tree there and keep it, or reuse it when it is already there.)

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: String) -> String {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
  return arguments[index + 1]
}
let count = Int(option("--files", "100000")) ?? 100_000
let runs = Int(option("--runs", "5")) ?? 5
let output = option("--out", "")

let root = NSTemporaryDirectory() + "gantry-bench-inputs-\(UUID().uuidString.prefix(8))"
defer { try? FileManager.default.removeItem(atPath: root) }
let kept = option("--context", "")
let context = kept.isEmpty ? root + "/context" : kept
let marker = context + "/.generated-\(count)"
let reuse = !kept.isEmpty && FileManager.default.fileExists(atPath: marker)
for index in 0..<count where !reuse {
  let folder = "\(context)/pkg\(index / 1000)/mod\(index / 100 % 10)"
  if index % 100 == 0 { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
  let name = index % 10 == 9 ? "gen\(index).tmp" : "file\(index).go"
  try Data("package p\n// file \(index)\nvar x = \(index * 7919)\n".utf8).write(
    to: URL(fileURLWithPath: "\(folder)/\(name)"))
}
try "*.tmp\n**/*.tmp\n!pkg0/mod0/gen9.tmp\n".write(
  toFile: context + "/.dockerignore", atomically: false, encoding: .utf8)
if !kept.isEmpty { FileManager.default.createFile(atPath: marker, contents: nil) }
let rules = try IgnoreFileLocator.rules(context: context, dockerfile: nil, dialect: .docker2010)
// Files younger than the racy margin are hashed again on purpose; let them age past it.
Thread.sleep(forTimeInterval: Double(StatCache.defaultRacyMargin) / 1e9 + 0.2)

/// CPU seconds (user + system) this process has used so far.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func value(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
  return value(usage.ru_utime) + value(usage.ru_stime)
}

var cpu: [String: [Double]] = ["cold": [], "warm": []]

@MainActor func seconds(_ label: String, _ body: () throws -> Void) rethrows -> Double {
  let start = ContinuousClock.now
  let cpuStart = cpuSeconds()
  try body()
  cpu[label, default: []].append(cpuSeconds() - cpuStart)
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// The one-minute load average: the machine is shared, so wall times depend on it.
func loadAverage() -> Double {
  var load = [0.0, 0.0, 0.0]
  return getloadavg(&load, 3) > 0 ? load[0] : 0
}

var cold: [Double] = []
var warm: [Double] = []
var entries = 0
var digest = ""
for run in 0..<runs {
  let cache = StatCache(folder: "\(root)/cache-\(run)")
  cold.append(
    try seconds("cold") {
      let set = try ContextFileSet.scan(root: context, rules: rules, cache: cache)
      entries = set.entries.count
      digest = set.digest
    })
  warm.append(
    try seconds("warm") {
      let set = try ContextFileSet.scan(root: context, rules: rules, cache: cache)
      precondition(set.digest == digest, "the cached digest differs from the computed one")
    })
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let coldCPU = median(cpu["cold"] ?? [0])
let warmCPU = median(cpu["warm"] ?? [0])
let line = String(
  format:
    "context digest: %d files, %d entries sent; no stat cache median %.3f s wall (min %.3f, %.3f s CPU), warm stat cache median %.3f s wall (min %.3f, %.3f s CPU), %d runs, load average %.1f",
  count, entries, median(cold), cold.min() ?? 0, coldCPU, median(warm), warm.min() ?? 0, warmCPU, runs, loadAverage())
print(line)
if !output.isEmpty {
  let result: [String: Any] = [
    "files": count, "entries": entries, "runs": runs, "cold_seconds": cold, "warm_seconds": warm,
    "cold_median": median(cold), "warm_median": median(warm), "cold_cpu_median": coldCPU, "warm_cpu_median": warmCPU,
    "cores": ProcessInfo.processInfo.activeProcessorCount, "load_average": loadAverage(),
  ]
  let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys, .prettyPrinted])
  try data.write(to: URL(fileURLWithPath: output))
}

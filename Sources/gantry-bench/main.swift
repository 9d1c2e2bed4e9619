import Foundation
import GantryLoad
import GantryPlan

// Planning benchmark: generates a repository of N services with Dockerfiles (a layered graph with
// FROM, COPY --from and needs edges), then times loading + planning in this process.
// Usage: gantry-bench plan [--services N] [--runs R] [--out FILE]
//        gantry-bench dockerfiles [--size N] [--runs R] [--out FILE]   (DockerfileBench)

let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "dockerfiles" {
  try DockerfileBench.run(arguments: arguments)
  exit(0)
}
func option(_ name: String, _ fallback: String) -> String {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
  return arguments[index + 1]
}
let count = Int(option("--services", "5000")) ?? 5000
let runs = Int(option("--runs", "5")) ?? 5
let output = option("--out", "")

let root = NSTemporaryDirectory() + "gantry-bench-\(UUID().uuidString.prefix(8))"
defer { try? FileManager.default.removeItem(atPath: root) }
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)

// Ten layers; each service builds FROM one service of the layer below and copies from another's stage.
var manifest = "defaults:\n  platforms: [linux/amd64]\nservices:\n"
let perLayer = max(1, count / 10)
for index in 0..<count {
  let name = "svc\(index)"
  let layer = index / perLayer
  let folder = "\(root)/services/\(name)"
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  var dockerfile = "ARG REGISTRY=registry.example.com\n"
  if layer == 0 {
    dockerfile += "FROM debian:bookworm-slim AS build\n"
  } else {
    let base = (layer - 1) * perLayer + index % perLayer
    let other = (layer - 1) * perLayer + (index * 7) % perLayer
    dockerfile += "FROM ${REGISTRY}/svc\(other):1 AS dep\n"
    dockerfile += "FROM ${REGISTRY}/svc\(base):1 AS build\nCOPY --from=dep /out /deps\n"
  }
  dockerfile +=
    "RUN --mount=type=cache,target=/root/.cache \\\n    make -j4 all\nFROM gcr.io/distroless/static\nCOPY --from=build /out /app\n"
  try dockerfile.write(toFile: folder + "/Dockerfile", atomically: false, encoding: .utf8)
  manifest += "  \(name):\n    context: services/\(name)\n    image: registry.example.com/\(name):1\n"
  manifest += "    args: {REGISTRY: registry.example.com}\n"
  if layer > 1, index % 5 == 0 { manifest += "    needs: [svc\(index % perLayer)]\n" }
}
try manifest.write(toFile: root + "/gantry.yml", atomically: false, encoding: .utf8)

var seconds: [Double] = []
var jobs = 0
var edges = 0
for _ in 0..<runs {
  let clock = ContinuousClock()
  var plan: Plan?
  let elapsed = try clock.measure {
    let project = try ProjectLoader.load(folder: root)
    plan = try Planner().plan(project)
  }
  jobs = plan?.jobs.count ?? 0
  edges = plan?.jobs.reduce(0) { $0 + $1.deps.count } ?? 0
  seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
seconds.sort()
let median = seconds[seconds.count / 2]
let line = String(
  format: "plan: %d services, %d dependency edges: median %.3f s, best %.3f s over %d runs (target < 1 s)",
  jobs, edges, median, seconds[0], runs)
print(line)
if !output.isEmpty {
  let json = """
    {"benchmark": "plan", "services": \(jobs), "edges": \(edges), "runs": \(runs), "median_seconds": \(median), "best_seconds": \(seconds[0])}

    """
  try json.write(toFile: output, atomically: true, encoding: .utf8)
}

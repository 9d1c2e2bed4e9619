import Foundation
import GantryLoad
import GantryPlan

/// Plan time on pathological Dockerfiles, against a one-line Dockerfile: each case is generated at
/// `size` and at twice `size`, so that a linear reader shows a doubling ratio near 2 (a quadratic
/// one near 4). Usage: gantry-bench dockerfiles [--size N] [--runs R] [--out FILE]
enum DockerfileBench {
  struct Case: Sendable {
    var name: String
    var make: @Sendable (Int) -> String
  }

  static let cases: [Case] = [
    Case(name: "ARGs") { n in (0..<n).map { "ARG A\($0)=v\($0)\n" }.joined() + "FROM busybox:${A0}\n" },
    Case(name: "stages") { n in
      "FROM busybox AS s0\n" + (1..<n).map { "FROM busybox AS s\($0)\nCOPY --from=s\($0 - 1) /a /b\n" }.joined()
    },
    Case(name: "mounts in one RUN") { n in
      "FROM busybox AS tools\nFROM busybox\nRUN "
        + (0..<n).map { "--mount=type=bind,from=tools,source=/s\($0),target=/t\($0) " }.joined() + "true\n"
    },
    Case(name: "continuation lines") { n in
      "FROM busybox AS tools\nFROM busybox\nRUN "
        + (0..<n).map { "--mount=type=cache,target=/c\($0) \\\n  " }.joined() + "true\n"
    },
    Case(name: "nested ${A:-…}") { n in
      "ARG A\nFROM busybox:" + String(repeating: "${A:-", count: n) + "x" + String(repeating: "}", count: n) + "\n"
    },
  ]

  static func run(arguments: [String]) throws {
    func option(_ name: String, _ fallback: Int) -> Int {
      guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
      return Int(arguments[index + 1]) ?? fallback
    }
    let size = option("--size", 20_000)
    let runs = option("--runs", 5)
    let output = arguments.firstIndex(of: "--out").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    let root = NSTemporaryDirectory() + "gantry-bench-dockerfiles-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: root) }

    let oneLine = try median(of: "FROM busybox\n", in: root, runs: runs)
    print(String(format: "dockerfiles: a 1-line Dockerfile plans in %.4f s (median of %d)", oneLine, runs))
    var results: [String] = []
    for benchCase in cases {
      let single = try median(of: benchCase.make(size), in: root, runs: runs)
      let double = try median(of: benchCase.make(2 * size), in: root, runs: runs)
      print(
        String(
          format: "dockerfiles: %d %@: %.3f s (%.1f× the 1-line file); %d: %.3f s (doubling ratio %.2f, linear ≈ 2)",
          size, benchCase.name, single, single / oneLine, 2 * size, double, double / single))
      results.append(
        """
        {"case": "\(benchCase.name)", "size": \(size), "seconds": \(single), "ratio_to_one_line": \(single / oneLine), \
        "double_size_seconds": \(double), "doubling_ratio": \(double / single)}
        """)
    }
    if let output {
      let json = """
        {"benchmark": "dockerfiles", "runs": \(runs), "one_line_seconds": \(oneLine), "cases": [
        \(results.joined(separator: ",\n"))
        ]}

        """
      try json.write(toFile: output, atomically: true, encoding: .utf8)
    }
  }

  /// The median time to load and plan a one-service project whose Dockerfile is `text`.
  private static func median(of text: String, in root: String, runs: Int) throws -> Double {
    try FileManager.default.createDirectory(atPath: root + "/app", withIntermediateDirectories: true)
    try text.write(toFile: root + "/app/Dockerfile", atomically: false, encoding: .utf8)
    try "services:\n  app: {context: app, image: bench/app:1}\n".write(
      toFile: root + "/gantry.yml", atomically: false, encoding: .utf8)
    var seconds: [Double] = []
    for _ in 0..<runs {
      let clock = ContinuousClock()
      let elapsed = clock.measure {
        // Pathological files may be refused (the nesting bound): what is measured is the time to say so.
        _ = try? Planner().plan(try ProjectLoader.load(folder: root))
      }
      seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return seconds.sorted()[seconds.count / 2]
  }
}

import Foundation

/// Outside programs some tests check gantry's output with: Python (its `csv`, `json`, `xml` and
/// `jsonschema` modules) and Debian's headless Chromium. A test skips, printing why, when one is
/// missing, unless `GANTRY_REQUIRE_ENGINE=1` (CI), where a missing tool is a failure
/// (`scripts/ci-deps.sh` installs them).
public enum Tools {
  public typealias Result = Command.Result

  public struct Missing: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "required tool missing (GANTRY_REQUIRE_ENGINE=1): \(reason)" }
  }

  /// True when CI requires every real-world check to run.
  public static var required: Bool { ProcessInfo.processInfo.environment["GANTRY_REQUIRE_ENGINE"] == "1" }

  /// Runs `argv` (no shell) with `input` on standard input; stopped after `timeout` seconds.
  /// - Parameters:
  ///   - environment: added to the test's own environment (a value replaces the inherited one).
  ///   - directory: the child's working folder; nil keeps the test's.
  public static func run(
    _ argv: [String], input: String? = nil, timeout: Double = 120, environment: [String: String] = [:],
    directory: String? = nil
  ) async throws -> Result {
    try await Command.run(argv, environment: environment, directory: directory, input: input, timeout: timeout)
  }

  /// The first executable of `names` on PATH (or in /usr/bin).
  public static func find(_ names: [String]) -> String? {
    let folders =
      (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
    for name in names {
      for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
        return "\(folder)/\(name)"
      }
    }
    return nil
  }

  /// `python3` with `jsonschema` importable, or why not.
  public static let python: (path: String?, reason: String?) = {
    guard let path = find(["python3"]) else { return (nil, "python3 is not installed") }
    guard let check = try? Command.runBlocking([path, "-c", "import jsonschema"]), check.status == 0 else {
      return (nil, "the Python module jsonschema is missing (apt-get install python3-jsonschema)")
    }
    return (path, nil)
  }()

  /// Debian's `chromium` (or another Chromium/Chrome binary), or why not.
  public static let chromium: (path: String?, reason: String?) = {
    guard let path = find(["chromium", "chromium-browser", "google-chrome"]) else {
      return (nil, "chromium is not installed (scripts/ci-deps.sh installs it)")
    }
    return (path, nil)
  }()

  /// Debian's `docker-compose` 1.29.2 (`apt-get install docker-compose`; `scripts/ci-deps.sh` installs it),
  /// or why not.
  public static let dockerCompose: (path: String?, reason: String?) = {
    guard let path = find(["docker-compose"]) else {
      return (nil, "docker-compose is not installed (scripts/ci-deps.sh installs Debian's docker-compose)")
    }
    return (path, nil)
  }()

  /// The compose specification schema Debian's docker-compose package installs, or why it is not there.
  public static let composeSchema: (path: String?, reason: String?) = {
    let path = "/usr/lib/python3/dist-packages/compose/config/compose_spec.json"
    guard FileManager.default.fileExists(atPath: path) else {
      return (nil, "\(path) is missing (scripts/ci-deps.sh installs Debian's docker-compose)")
    }
    return (path, nil)
  }()

  /// Whether a test needing a tool should run: yes when it is there, and under CI (where it then fails).
  public static func shouldRun(_ tool: (path: String?, reason: String?), for test: String) -> Bool {
    if let reason = tool.reason {
      print("\(test): \(required ? "REQUIRED but " : "skipped: ")\(reason)")
      return required
    }
    return true
  }

  /// The tool's path, or the failure that says it is missing.
  public static func require(_ tool: (path: String?, reason: String?)) throws -> String {
    guard let path = tool.path else { throw Missing(reason: tool.reason ?? "unknown") }
    return path
  }

  /// Runs a Python script (given on standard input) with arguments.
  public static func python(_ script: String, _ arguments: [String]) async throws -> Result {
    try await run([try require(python), "-"] + arguments, input: script)
  }

  /// Loads a page in headless Chromium and returns the DOM after its scripts ran.
  /// - Parameter screenshot: also write a PNG of the page there.
  public static func chromiumDOM(of file: String, screenshot: String? = nil, width: Int = 1400, height: Int = 900)
    async throws -> Result
  {
    let binary = try require(chromium)
    let profile = NSTemporaryDirectory() + "gantry-chromium-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: profile) }
    var common = [
      binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--user-data-dir=\(profile)", "--virtual-time-budget=5000", "--window-size=\(width),\(height)",
      "--enable-logging=stderr", "--v=0",
    ]
    if let screenshot {
      let shot = try await run(common + ["--screenshot=\(screenshot)", "file://\(file)"], timeout: 300)
      if shot.status != 0 { return shot }
    }
    common.append("--dump-dom")
    return try await run(common + ["file://\(file)"], timeout: 300)
  }
}

/// What the audit knows about one package manager: how its install step is written, which files
/// decide what it installs, and where it keeps its download cache.
public struct PackageManager: Sendable, Hashable {
  public var name: String
  /// True when `command` installs or fetches dependencies with this tool.
  var installs: @Sendable (ShellCommand) -> Bool
  /// Manifest and lock files (names, `*` allowed) to copy before installing.
  public var manifests: [String]
  /// Cache folders a `--mount=type=cache` should cover, with a word the mount target must contain.
  public var cacheTargets: [CacheTarget]

  public struct CacheTarget: Sendable, Hashable {
    /// The folder to mount, as the fix writes it.
    public var path: String
    /// A mount whose target contains this text counts (e.g. `.npm` for `/root/.npm`, `/home/node/.npm`).
    public var marker: String
  }

  public static func == (lhs: PackageManager, rhs: PackageManager) -> Bool { lhs.name == rhs.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension PackageManager {
  /// Every package manager of the layer-order rule; those with `cacheTargets` also take part in the
  /// cache-mount rule.
  public static let all: [PackageManager] = [
    PackageManager(
      name: "npm",
      installs: { $0.program == "npm" && ["ci", "install", "i"].contains($0.subcommand ?? "") },
      manifests: ["package.json", "package-lock.json", "npm-shrinkwrap.json"],
      cacheTargets: [CacheTarget(path: "/root/.npm", marker: ".npm")]),
    PackageManager(
      name: "yarn",
      installs: { $0.program == "yarn" && ($0.subcommand == nil || $0.subcommand == "install") },
      manifests: ["package.json", "yarn.lock", ".yarnrc.yml"],
      cacheTargets: [CacheTarget(path: "/usr/local/share/.cache/yarn", marker: "yarn")]),
    PackageManager(
      name: "pnpm",
      installs: { $0.program == "pnpm" && ["install", "i", "fetch"].contains($0.subcommand ?? "") },
      manifests: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"],
      cacheTargets: [CacheTarget(path: "/root/.local/share/pnpm/store", marker: "pnpm")]),
    PackageManager(
      name: "pip",
      installs: { command in
        let pip = ["pip", "pip3"].contains(command.program) && command.subcommand == "install"
        let module =
          command.program.hasPrefix("python") && command.words.count > 3
          && command.words[1] == "-m" && command.words[2] == "pip" && command.words[3] == "install"
        // `pip install .` or `-e .` installs the project itself, not only its dependencies.
        return pip || module
      },
      manifests: ["requirements*.txt", "pyproject.toml", "setup.cfg", "setup.py"],
      cacheTargets: [CacheTarget(path: "/root/.cache/pip", marker: "pip")]),
    PackageManager(
      name: "uv",
      installs: { $0.program == "uv" && ($0.subcommand == "sync" || ($0.subcommand == "pip" && $0.has("install"))) },
      manifests: ["pyproject.toml", "uv.lock"],
      cacheTargets: [CacheTarget(path: "/root/.cache/uv", marker: "uv")]),
    PackageManager(
      name: "poetry",
      installs: { $0.program == "poetry" && $0.subcommand == "install" },
      manifests: ["pyproject.toml", "poetry.lock"],
      cacheTargets: []),
    PackageManager(
      name: "go",
      installs: { command in
        guard command.program == "go" else { return false }
        let words = Array(command.arguments)
        return (words.first == "mod" && words.dropFirst().first == "download") || words.first == "build"
          || words.first == "install"
      },
      manifests: ["go.mod", "go.sum"],
      cacheTargets: [
        CacheTarget(path: "/go/pkg/mod", marker: "pkg/mod"),
        CacheTarget(path: "/root/.cache/go-build", marker: "go-build"),
      ]),
    PackageManager(
      name: "cargo",
      installs: { $0.program == "cargo" && ["build", "fetch", "install"].contains($0.subcommand ?? "") },
      manifests: ["Cargo.toml", "Cargo.lock"],
      cacheTargets: [
        CacheTarget(path: "/usr/local/cargo/registry", marker: "cargo/registry"),
        CacheTarget(path: "target", marker: "target"),
      ]),
    PackageManager(
      name: "maven",
      installs: { ["mvn", "mvnw"].contains($0.program) },
      manifests: ["pom.xml"],
      cacheTargets: [CacheTarget(path: "/root/.m2", marker: ".m2")]),
    PackageManager(
      name: "gradle",
      installs: { ["gradle", "gradlew"].contains($0.program) },
      manifests: ["build.gradle*", "settings.gradle*", "gradle.properties"],
      cacheTargets: [CacheTarget(path: "/root/.gradle", marker: ".gradle")]),
    PackageManager(
      name: "bundler",
      installs: { $0.program == "bundle" && $0.subcommand == "install" },
      manifests: ["Gemfile", "Gemfile.lock"],
      cacheTargets: []),
    PackageManager(
      name: "composer",
      installs: { $0.program == "composer" && $0.subcommand == "install" },
      manifests: ["composer.json", "composer.lock"],
      cacheTargets: []),
  ]

  /// The package managers whose install `text` (a RUN's shell text) runs, in order of appearance.
  public static func installing(in text: String) -> [PackageManager] {
    var found: [PackageManager] = []
    for command in Shell.commands(text) {
      for manager in all where manager.installs(command) && !found.contains(manager) {
        found.append(manager)
      }
    }
    return found
  }

  /// The manifests among `names`, in the order the tool's list gives (`package.json` first).
  public func manifests(among names: [String]) -> [String] {
    names.compactMap { name in manifests.firstIndex { Glob.matches($0, name) }.map { ($0, name) } }
      .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
  }

  /// True when a file called `name` is one of the manifests.
  public func isManifest(_ name: String) -> Bool {
    let base = name.split(separator: "/").last.map(String.init) ?? name
    return manifests.contains { Glob.matches($0, base) }
  }
}

/// Shell-style `*` and `?` matching of one name.
enum Glob {
  static func matches(_ pattern: String, _ name: String) -> Bool {
    let p = Array(pattern)
    let n = Array(name)
    var pi = 0
    var ni = 0
    var star = -1
    var mark = 0
    while ni < n.count {
      if pi < p.count, p[pi] == "?" || p[pi] == n[ni] {
        pi += 1
        ni += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = ni
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ni = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}

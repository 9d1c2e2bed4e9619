import GantryDockerfile

/// `cache-mount` and `apt-keep-cache`: package-manager steps without a cache mount on the tool's
/// cache folder, and apt cache mounts the image's clean-up hook empties.
enum CacheMountCheck {
  static let aptTargets = [
    PackageManager.CacheTarget(path: "/var/cache/apt", marker: "/var/cache/apt"),
    PackageManager.CacheTarget(path: "/var/lib/apt", marker: "/var/lib/apt"),
  ]

  /// The cache folders `manager` needs for the commands of `text`.
  static func needed(_ manager: PackageManager, commands: [ShellCommand]) -> [PackageManager.CacheTarget] {
    let builds = commands.contains {
      ["build", "install"].contains($0.subcommand ?? "") && ($0.program == "go" || $0.program == "cargo")
    }
    switch manager.name {
    case "go", "cargo": return builds ? manager.cacheTargets : [manager.cacheTargets[0]]
    default: return manager.cacheTargets
    }
  }

  static func findings(_ dockerfile: AuditedDockerfile) -> [Finding] {
    var findings: [Finding] = []
    let keepsCache = dockerfile.text.contains("docker-clean") || dockerfile.text.contains("Keep-Downloaded-Packages")
    for instruction in dockerfile.instructions where instruction.keyword == "RUN" {
      let commands = Facts.commands(instruction)
      let mounted = Facts.cacheTargets(instruction)
      func missing(_ targets: [PackageManager.CacheTarget]) -> [PackageManager.CacheTarget] {
        targets.filter { target in !mounted.contains { $0.contains(target.marker) } }
      }
      for manager in PackageManager.installing(in: instruction.shellText) where !manager.cacheTargets.isEmpty {
        let lacking = missing(needed(manager, commands: commands))
        guard !lacking.isEmpty else { continue }
        findings.append(
          Finding(
            rule: .cacheMount, service: dockerfile.service, location: instruction.location,
            message: "\(manager.name) step without a cache mount on \(lacking.map(\.path).joined(separator: " and "))",
            evidence: "line \(instruction.location.line): \(Facts.excerpt(instruction))",
            fix: "RUN \(Facts.mountFlags(lacking.map(\.path))) \(instruction.arguments)"))
      }
      let installsWithApt = !Facts.apt(commands, "install").isEmpty
      guard installsWithApt else { continue }
      let lacking = missing(aptTargets)
      if lacking.count == aptTargets.count {
        findings.append(
          Finding(
            rule: .cacheMount, service: dockerfile.service, location: instruction.location,
            message: "apt step without cache mounts on /var/cache/apt and /var/lib/apt",
            evidence: "line \(instruction.location.line): \(Facts.excerpt(instruction))",
            fix: """
              RUN rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
              RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \\
                  apt-get update && apt-get install -y --no-install-recommends …
              """))
      } else if !keepsCache {
        findings.append(
          Finding(
            rule: .aptKeepCache, service: dockerfile.service, location: instruction.location,
            message: "apt cache mount without the keep-cache setting: docker-clean deletes the downloaded packages",
            evidence: "line \(instruction.location.line): \(Facts.excerpt(instruction))",
            fix: """
              before the install: RUN rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
              """))
      }
    }
    return findings
  }
}

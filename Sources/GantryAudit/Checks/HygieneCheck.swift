import GantryDockerfile
import GantryPlan

/// Reproducibility and cache hygiene: unpinned bases, apt habits, remote `ADD`, secrets in
/// `ARG`/`ENV`.
enum HygieneCheck {
  static func findings(_ dockerfile: AuditedDockerfile) -> [Finding] {
    unpinned(dockerfile) + apt(dockerfile) + remoteAdd(dockerfile) + secrets(dockerfile)
  }

  static func unpinned(_ dockerfile: AuditedDockerfile) -> [Finding] {
    dockerfile.model.stages.compactMap { stage in
      guard !stage.baseIsStage, !stage.isScratch, !stage.base.contains("$"), !stage.base.isEmpty else { return nil }
      let image = Facts.imageName(stage.base)
      guard !image.digest, image.tag == nil || image.tag == "latest" else { return nil }
      let written = stage.baseWritten == stage.base ? stage.base : "\(stage.baseWritten) (\(stage.base))"
      return Finding(
        rule: .unpinnedBase, service: dockerfile.service, location: stage.location,
        message: image.tag == nil ? "base image \(written) has no tag" : "base image \(written) uses the latest tag",
        evidence: "FROM \(written)",
        fix:
          "pin a version: FROM \(Self.repository(stage.base)):<version> (and @sha256:<digest> for reproducible builds)")
    }
  }

  static func apt(_ dockerfile: AuditedDockerfile) -> [Finding] {
    var findings: [Finding] = []
    for stage in dockerfile.model.stages.indices {
      let runs = dockerfile.instructions(ofStage: stage).filter { $0.keyword == "RUN" }
      for (position, run) in runs.enumerated() {
        let commands = Facts.commands(run)
        let updates = !Facts.apt(commands, "update").isEmpty
        let installs = Facts.apt(commands, "install")
        if updates, installs.isEmpty,
          let later = runs[(position + 1)...].first(where: { !Facts.apt(Facts.commands($0), "install").isEmpty })
        {
          findings.append(
            Finding(
              rule: .aptUpdateSeparate, service: dockerfile.service, location: run.location,
              message:
                "apt-get update runs apart from the install at line \(later.location.line): the cached lists go stale",
              evidence:
                "line \(run.location.line): \(Facts.excerpt(run))\nline \(later.location.line): \(Facts.excerpt(later))",
              fix: "RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*"))
        }
        for install in installs
        where !install.has("--no-install-recommends")
          && !install.words.contains(where: { $0.contains("Install-Recommends=false") })
        {
          findings.append(
            Finding(
              rule: .aptNoRecommends, service: dockerfile.service, location: run.location,
              message: "\(install.program) install without --no-install-recommends",
              evidence: "line \(run.location.line): \(Facts.excerpt(run))",
              fix:
                "\(install.program) install -y --no-install-recommends \(install.arguments.dropFirst().filter { !$0.hasPrefix("-") }.joined(separator: " "))"
            ))
        }
        let cleans = run.shellText.contains("/var/lib/apt/lists")
        let listsMounted = Facts.cacheTargets(run).contains { $0.contains("/var/lib/apt") }
        if !installs.isEmpty, !cleans, !listsMounted {
          findings.append(
            Finding(
              rule: .aptListsCleanup, service: dockerfile.service, location: run.location,
              message: "the apt package lists stay in the layer",
              evidence: "line \(run.location.line): \(Facts.excerpt(run))",
              fix: "end the RUN with && rm -rf /var/lib/apt/lists/* (or mount a cache on /var/lib/apt)"))
        }
      }
    }
    return findings
  }

  static func remoteAdd(_ dockerfile: AuditedDockerfile) -> [Finding] {
    var findings: [Finding] = []
    for instruction in dockerfile.instructions where instruction.keyword == "ADD" && instruction.flag("checksum") == nil
    {
      for source in Facts.sources(instruction) {
        let lower = source.text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { continue }
        findings.append(
          Finding(
            rule: .addRemoteURL, service: dockerfile.service, location: source.location,
            message: "ADD downloads \(source.text) on every build, unchecked",
            evidence: "line \(instruction.location.line): \(Facts.excerpt(instruction))",
            fix:
              "ADD --checksum=sha256:<sum> \(source.text) \(Facts.destination(instruction) ?? "<dest>"), or RUN wget/curl and sha256sum -c"
          ))
      }
    }
    return findings
  }

  static func secrets(_ dockerfile: AuditedDockerfile) -> [Finding] {
    var findings: [Finding] = []
    for instruction in dockerfile.instructions where instruction.keyword == "ARG" || instruction.keyword == "ENV" {
      var names: [(String, Instruction.Word)] = []
      let words = instruction.words
      if instruction.keyword == "ENV", words.count >= 2, !words[0].text.contains("=") {
        names.append((words[0].text, words[0]))  // ENV NAME value (legacy form)
      } else {
        for word in words {
          let name = String(word.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
          if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append((name, word)) }
        }
      }
      for (name, word) in names where Redaction.looksSecret(name) && !isReference(name) {
        let id = name.lowercased()
        findings.append(
          Finding(
            rule: .secretInArgEnv, service: dockerfile.service, location: word.location,
            message: "\(instruction.keyword) \(name) looks like a secret: its value is kept in the image's history",
            evidence: "line \(instruction.location.line): \(instruction.keyword) \(name)=…",
            fix:
              "RUN --mount=type=secret,id=\(id) … read /run/secrets/\(id) in the step that needs it (gantry.yml: secrets: {\(id): {env: \(name)}})"
          ))
      }
    }
    return findings
  }

  /// The reference without its tag (`a/b:latest` → `a/b`; a registry port is kept).
  static func repository(_ reference: String) -> String {
    let slash = reference.lastIndex(of: "/")
    guard let colon = reference.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true else { return reference }
    return String(reference[..<colon])
  }

  /// Names that point at a secret rather than hold one (`…_FILE`, `…_PATH`, `…_URL`).
  static func isReference(_ name: String) -> Bool {
    let upper = name.uppercased()
    return upper.hasSuffix("_FILE") || upper.hasSuffix("_PATH") || upper.hasSuffix("_URL") || upper.hasSuffix("_ID")
  }
}

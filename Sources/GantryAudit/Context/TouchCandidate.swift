import GantryDockerfile

/// The file `gantry measure` changes for its incremental scenario: a file the build copies from
/// the context that is source, not a manifest (changing `package.json` reinstalls in any layer
/// order, which is not what "one source file changed" means), nor the Dockerfile or ignore file.
public enum TouchCandidate {
  /// - Parameters:
  ///   - dockerfile: the service's Dockerfile, parsed.
  ///   - sent: what the context sends (paths relative to it).
  /// - Returns: a path relative to the context, or nil when no file qualifies.
  public static func choose(_ dockerfile: AuditedDockerfile, sent: [SentEntry]) -> String? {
    let stages = Set(dockerfile.builtStages)
    let sources = dockerfile.model.contextSources.filter {
      stages.contains($0.stageIndex) && $0.instruction != .bindMount
    }
    let files = sent.filter { !$0.isDirectory }.map(\.path).sorted()
    let excluded: (String) -> Bool = { path in
      let name = path.split(separator: "/").last.map(String.init) ?? path
      let folders = path.split(separator: "/").dropLast().map(String.init)
      let junk = folders.contains {
        ContextCheck.vcs.contains($0) || ContextCheck.dependencies.contains($0) || ContextCheck.virtualenvs.contains($0)
          || ContextCheck.outputs.contains($0)
      }
      return junk || name.hasSuffix(".log") || name == "Dockerfile" || name.hasSuffix(".dockerignore")
        || name.hasSuffix("Dockerfile") || PackageManager.all.contains { $0.isManifest(name) }
    }
    func reads(_ path: String) -> Bool {
      sources.contains { source in
        if let literal = source.literalPath { return path == literal || path.hasPrefix(literal + "/") }
        var written = source.written
        while written.hasPrefix("./") { written.removeFirst(2) }
        return Facts.isWholeSource(source.written) || written == "." || Glob.matches(written, path)
      }
    }
    // Files in a folder first (src/index.js rather than a top-level README).
    let candidates = files.filter { !excluded($0) && reads($0) }
    return candidates.first { $0.contains("/") } ?? candidates.first
  }
}

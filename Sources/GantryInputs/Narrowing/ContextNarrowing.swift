import GantryDockerfile

/// Which parts of the context a build can read, when the Dockerfile says so exactly.
///
/// BuildKit transfers and reads only what `COPY`, `ADD` and bind mounts name; when every such
/// source in the stages being built is a plain path, a file outside those paths cannot change the
/// result, so editing a README no instruction reads rebuilds nothing. Any doubt gives nil, meaning
/// the whole context: a variable, a wildcard, `COPY . .`, a bind mount of the whole context, a
/// stage reference that cannot be resolved, a Dockerfile with errors, or a base image that could
/// carry `ONBUILD COPY` triggers (unless the caller has checked the base images).
public enum ContextNarrowing {
  /// The context paths (relative, sorted, without duplicates) a build of `target` reads, or nil
  /// for the whole context.
  /// - Parameter baseImagesCheckedForOnbuild: true when the caller has inspected every external
  ///   base image and none has `ONBUILD` triggers (which may read the context); otherwise a stage
  ///   built on an external image keeps the whole context.
  public static func literalPaths(
    in dockerfile: Dockerfile, target: String?, baseImagesCheckedForOnbuild: Bool = false
  ) -> [String]? {
    guard !dockerfile.diagnostics.contains(where: { $0.severity == .error }),
      let built = dockerfile.stagesBuilt(target: target)
    else { return nil }
    if !baseImagesCheckedForOnbuild {
      let external = built.contains { index in
        let stage = dockerfile.stages[index]
        return !stage.baseIsStage && !stage.isScratch
      }
      if external { return nil }
    }
    var paths: Set<String> = []
    for source in dockerfile.contextSources where built.contains(source.stageIndex) {
      guard let path = source.literalPath else { return nil }
      paths.insert(path)
    }
    return paths.sorted()
  }
}

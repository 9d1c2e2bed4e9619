import GantryPlan

/// Routing and image locality: which builder holds which image, what a starting job needs copied.
extension Scheduler {
  /// The store a builder loads images into (builders sharing a store share images).
  func store(of builder: String) -> String {
    builders[builder]?.imageStore ?? "local"
  }

  /// The built dependencies of `job` whose images are not in `builder`'s store.
  func missingImages(of job: Job, on builder: String) -> [String] {
    guard job.kind == .build else { return [] }
    let target = store(of: builder)
    return job.deps.filter { dep in
      guard let stores = imageStores[dep] else { return false }
      return !stores.contains(target)
    }
  }

  /// The copies a started job needs: each dependency image missing from its builder's store, from
  /// the builder that built it.
  public func transfers(for job: Job) -> [ImageTransfer] {
    guard let builder = entries[job.id]?.builder else { return [] }
    return missingImages(of: job, on: builder).compactMap { dep in
      guard let source = entries[dep], !source.job.tags.isEmpty else { return nil }
      return ImageTransfer(job: dep, tags: source.job.tags, from: source.builder, to: builder)
    }
  }

  /// Records that an image is now in another builder's store too.
  public mutating func recordTransfer(_ transfer: ImageTransfer) {
    imageStores[transfer.job, default: []].insert(store(of: transfer.to))
  }

  /// The job with its endpoint rewritten for `builder`.
  func routed(_ job: Job, to builder: String) -> Job {
    guard builder != job.builder else { return job }
    guard let target = builders[builder] else {
      // A builder the plan does not describe (a test's `builder:` closure): nothing to rewrite.
      var named = job
      named.builder = builder
      return named
    }
    return job.routed(to: target)
  }
}

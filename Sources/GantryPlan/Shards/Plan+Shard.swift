import GantryCore

extension Plan {
  /// The plan of one shard: its jobs only, in the same order. Dependencies on other shards' jobs are
  /// dropped: their images come from the registry (pulled when a build reads them).
  public func restricted(to shard: Shard) -> Plan {
    let kept = Set(shard.jobs)
    var plan = self
    plan.jobs = jobs.filter { kept.contains($0.id) }.map { job in
      var job = job
      job.deps = job.deps.filter(kept.contains)
      return job
    }
    let deps = Dictionary(uniqueKeysWithValues: plan.jobs.map { ($0.id, $0.deps) })
    plan.levels = GraphAlgorithms.levels(order: plan.order, dependencies: { deps[$0] ?? [] }).map { $0.sorted() }
    plan.criticalPath = criticalPath.filter(kept.contains)
    plan.weights = weights.filter { kept.contains($0.key) }
    return plan
  }
}

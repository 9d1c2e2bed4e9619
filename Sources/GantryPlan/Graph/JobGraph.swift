import GantryCore

/// The dependencies between the jobs of a plan (a service may become several jobs).
struct JobGraph {
  private var dependencySets: [String: [String]] = [:]
  private var dependentSets: [String: [String]] = [:]
  private var ids: [String]

  init(jobs: [Job]) {
    ids = jobs.map(\.id).sorted()
    let known = Set(ids)
    for job in jobs {
      let deps = job.deps.filter(known.contains).sorted()
      dependencySets[job.id] = deps
      for dep in deps { dependentSets[dep, default: []].append(job.id) }
    }
    dependentSets = dependentSets.mapValues { $0.sorted() }
  }

  func dependencies(of id: String) -> [String] { dependencySets[id] ?? [] }
  func dependents(of id: String) -> [String] { dependentSets[id] ?? [] }

  /// A topological order with no priorities, for computing the priorities themselves.
  var anyOrder: [String] {
    (try? GraphAlgorithms.topologicalOrder(ids, dependencies: dependencies(of:)).get()) ?? []
  }
}

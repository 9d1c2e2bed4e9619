import GantryPlan

/// Which builder a starting job goes to.
///
/// Among the job's candidates with a free slot (its own and a global one): the one that already
/// holds the most of the images of its dependencies (fewest to copy), then the least loaded (the
/// smallest share of its limit in use), then the first in the plan's order.
enum BuilderChoice {
  static func choose(among candidates: [String], slots: SlotPool, missingImages: (String) -> Int) -> String? {
    let free = candidates.enumerated().filter { slots.canAcquire(builder: $0.element) }
    let ranked = free.map { index, name in
      let limit = Double(slots.builderLimits[name] ?? slots.globalLimit)
      let inUse = slots.inUseByBuilder[name, default: 0]
      return (name: name, missing: missingImages(name), load: Double(inUse) / limit, inUse: inUse, index: index)
    }
    return ranked.min { a, b in
      (a.missing, a.load, a.inUse, a.index) < (b.missing, b.load, b.inUse, b.index)
    }?.name
  }
}

/// One image copied between builders' image stores before a job builds.
public struct ImageTransfer: Sendable, Hashable {
  /// The dependency whose image is copied.
  public var job: String
  public var tags: [String]
  public var from: String
  public var to: String
}

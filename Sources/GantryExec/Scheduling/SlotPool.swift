/// Concurrency limits: a global number of builds in flight, and optionally a limit per builder.
///
/// A job takes one global slot and one slot of its builder; it starts only when both are free.
public struct SlotPool: Hashable, Sendable {
  public var globalLimit: Int
  public var builderLimits: [String: Int]
  public private(set) var inUse = 0
  public private(set) var inUseByBuilder: [String: Int] = [:]
  /// The most builds that were ever in flight together, overall and per builder.
  public private(set) var peak = 0
  public private(set) var peakByBuilder: [String: Int] = [:]

  public init(globalLimit: Int, builderLimits: [String: Int] = [:]) {
    self.globalLimit = max(1, globalLimit)
    self.builderLimits = builderLimits
  }

  public var hasFreeSlot: Bool { inUse < globalLimit }

  public func canAcquire(builder: String) -> Bool {
    inUse < globalLimit && (inUseByBuilder[builder, default: 0] < (builderLimits[builder] ?? .max))
  }

  public mutating func acquire(builder: String) {
    precondition(canAcquire(builder: builder), "slot acquired while none is free")
    inUse += 1
    inUseByBuilder[builder, default: 0] += 1
    peak = max(peak, inUse)
    peakByBuilder[builder] = max(peakByBuilder[builder] ?? 0, inUseByBuilder[builder]!)
  }

  public mutating func release(builder: String) {
    precondition(inUse > 0 && inUseByBuilder[builder, default: 0] > 0, "slot released twice")
    inUse -= 1
    inUseByBuilder[builder]! -= 1
  }
}

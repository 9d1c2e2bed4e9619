import GantryReport
import GantryCore
import GantryPlan

/// The scheduling decisions of a run, as a value: which job starts next, what a result changes.
///
/// No clocks and no processes: the executor feeds it results and starts what it returns, so every
/// rule (dependencies first, longest remaining path first, slot limits, fail-fast, keep-going) is
/// testable on its own.
public struct Scheduler: Sendable {
  public struct Entry: Sendable {
    public var job: Job
    /// The builder the job runs on once started; before, the plan's preferred one.
    public var builder: String
    /// The builders it may run on (docs/multi-arch.md: routing).
    public var candidates: [String]
    public var priority: Double
    public var status: JobStatus = .waiting
    public var unfinishedDeps: Set<String>
    /// For a skipped job: the failed job that made it impossible.
    public var blockedBy: String?
    /// For a skipped job: why, in words ("dependency 'base' failed").
    public var skipReason: String?
  }

  public private(set) var entries: [String: Entry] = [:]
  public private(set) var slots: SlotPool
  public let keepGoing: Bool
  /// Set by the first failure under fail-fast, or by cancellation: no new job starts.
  public private(set) var stopping = false
  private var dependents: [String: [String]] = [:]
  private var order: [String]
  /// The plan's builders by name, and which image stores hold each built job's image.
  let builders: [String: PlannedBuilder]
  public internal(set) var imageStores: [String: Set<String>] = [:]

  /// - Parameters:
  ///   - priority: the job's remaining critical path (larger starts first).
  ///   - builder: the one builder whose slot each job takes; nil to route each job among its
  ///     `candidates` when it starts.
  public init(
    plan: Plan, slots: SlotPool, keepGoing: Bool, priority: (Job) -> Double, builder: ((Job) -> String)? = nil
  ) {
    self.slots = slots
    self.keepGoing = keepGoing
    self.order = plan.order
    self.builders = Dictionary(plan.builders.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let ids = Set(plan.order)
    for job in plan.jobs {
      let deps = Set(job.deps).intersection(ids)
      let candidates = builder.map { [$0(job)] } ?? (job.candidates.isEmpty ? [job.builder] : job.candidates)
      entries[job.id] = Entry(
        job: job, builder: candidates[0], candidates: candidates, priority: priority(job), unfinishedDeps: deps)
      for dep in deps { dependents[dep, default: []].append(job.id) }
    }
  }

  public var isFinished: Bool { entries.values.allSatisfy { $0.status.isFinal } }
  public var running: [String] { order.filter { entries[$0]?.status == .running } }
  public var anyFailed: Bool { entries.values.contains { $0.status.isFailure } }

  public func status(of id: String) -> JobStatus? { entries[id]?.status }

  /// The jobs to start now, highest priority first, as many as the free slots allow; they are marked
  /// running, each routed to a builder (its argv and env rewritten for that builder's endpoint).
  public mutating func startReady() -> [Job] {
    guard !stopping else { return [] }
    let ready = order.compactMap { id -> Entry? in
      guard let entry = entries[id], entry.status == .waiting, entry.unfinishedDeps.isEmpty else { return nil }
      return entry
    }.sorted { $0.priority > $1.priority }
    var started: [Job] = []
    for entry in ready {
      let missing = { (builder: String) in self.missingImages(of: entry.job, on: builder).count }
      guard let chosen = BuilderChoice.choose(among: entry.candidates, slots: slots, missingImages: missing) else {
        continue
      }
      slots.acquire(builder: chosen)
      entries[entry.job.id]?.status = .running
      entries[entry.job.id]?.builder = chosen
      started.append(routed(entry.job, to: chosen))
      if !slots.hasFreeSlot { break }
    }
    return started
  }

  /// Records how a running job ended. A failure stops new starts (fail-fast) or skips what depends on it (keep-going).
  /// - Returns: the jobs newly skipped because of this result.
  @discardableResult
  public mutating func finish(_ id: String, status: JobStatus) -> [String] {
    guard let entry = entries[id], entry.status == .running else { return [] }
    slots.release(builder: entry.builder)
    entries[id]?.status = status
    switch status {
    case .built:
      if entry.job.loads { imageStores[id, default: []].insert(store(of: entry.builder)) }
      for dependent in dependents[id] ?? [] { entries[dependent]?.unfinishedDeps.remove(id) }
      return []
    case .failed, .timedOut:
      if !keepGoing { stopping = true }
      return skipDependents(of: id, failed: id)
    default:
      // Cancelled: the whole run is stopping, and `cancelWaiting` accounts for what never started.
      stopping = true
      return []
    }
  }

  /// Stops new starts; every job that has not started is cancelled. Running jobs finish through `finish`.
  /// - Returns: the jobs cancelled before they started.
  @discardableResult
  public mutating func cancelWaiting() -> [String] {
    stopping = true
    var cancelled: [String] = []
    for id in order where entries[id]?.status == .waiting {
      entries[id]?.status = .cancelled
      cancelled.append(id)
    }
    return cancelled
  }

  /// After a fail-fast stop, once nothing runs: the jobs that never started are skipped, naming the failure.
  @discardableResult
  public mutating func skipRemaining() -> [String] {
    let failed = order.first { entries[$0]?.status.isFailure == true }
    var skipped: [String] = []
    for id in order where entries[id]?.status == .waiting {
      entries[id]?.status = .skipped
      entries[id]?.blockedBy = failed
      entries[id]?.skipReason = failed.map { "not started: the run stopped after '\($0)' failed (fail-fast)" }
      skipped.append(id)
    }
    return skipped
  }

  private mutating func skipDependents(of id: String, failed: String) -> [String] {
    var skipped: [String] = []
    var stack = dependents[id] ?? []
    while let next = stack.popLast() {
      guard entries[next]?.status == .waiting else { continue }
      entries[next]?.status = .skipped
      entries[next]?.blockedBy = failed
      entries[next]?.skipReason = "dependency '\(failed)' failed"
      skipped.append(next)
      stack.append(contentsOf: dependents[next] ?? [])
    }
    return skipped
  }
}

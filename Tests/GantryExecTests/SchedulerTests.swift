import GantryCore
import GantryPlan
import Testing

@testable import GantryExec
import GantryReport

@Suite struct SchedulerTests {
  /// a → b → d, a → c → d, e alone: `deps` maps each job to what it needs.
  static func plan(_ deps: [String: [String]]) -> Plan {
    let jobs = deps.keys.sorted().map { id in
      Job(id: id, service: id, platforms: [], deps: deps[id]!, argv: ["true"], env: [:], tags: [])
    }
    let order = (try? GraphAlgorithms.topologicalOrder(deps.keys.sorted(), dependencies: { deps[$0]! }).get()) ?? []
    return Plan(
      root: "/", backend: .docker, jobs: order.map { id in jobs.first { $0.id == id }! }, levels: [], criticalPath: [],
      warnings: [])
  }

  static let diamond = plan(["a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"], "e": []])

  @Test func startsOnlyJobsWhoseDependenciesSucceeded() {
    var scheduler = Scheduler(
      plan: Self.diamond, slots: SlotPool(globalLimit: 10), keepGoing: false, priority: { _ in 1 })
    #expect(Set(scheduler.startReady().map(\.id)) == ["a", "e"])
    #expect(scheduler.startReady().isEmpty)
    scheduler.finish("a", status: .built)
    #expect(Set(scheduler.startReady().map(\.id)) == ["b", "c"])
    scheduler.finish("b", status: .built)
    #expect(scheduler.startReady().isEmpty, "d still waits for c")
    scheduler.finish("c", status: .built)
    #expect(scheduler.startReady().map(\.id) == ["d"])
  }

  @Test func neverExceedsTheGlobalLimitAndPrefersTheLongestPath() {
    let plan = Self.plan(["x": [], "y": [], "z": [], "w": []])
    let priorities = ["x": 1.0, "y": 5, "z": 3, "w": 2]
    var scheduler = Scheduler(
      plan: plan, slots: SlotPool(globalLimit: 2), keepGoing: false, priority: { priorities[$0.id]! })
    #expect(scheduler.startReady().map(\.id) == ["y", "z"])
    #expect(scheduler.startReady().isEmpty)
    scheduler.finish("z", status: .built)
    #expect(scheduler.startReady().map(\.id) == ["w"])
    #expect(scheduler.slots.peak == 2)
  }

  @Test func perBuilderLimitsHoldTogetherWithTheGlobalOne() {
    let plan = Self.plan(["a1": [], "a2": [], "a3": [], "b1": [], "b2": []])
    var scheduler = Scheduler(
      plan: plan, slots: SlotPool(globalLimit: 3, builderLimits: ["arm": 1]), keepGoing: false, priority: { _ in 1 },
      builder: { $0.id.hasPrefix("a") ? "arm" : "amd" })
    let first = scheduler.startReady().map(\.id)
    #expect(first.filter { $0.hasPrefix("a") }.count == 1)
    #expect(first.count == 3)
    #expect(scheduler.slots.peakByBuilder["arm"] == 1)
  }

  @Test func failFastStopsNewStartsAndSkipsTheRestNamingTheFailure() {
    var scheduler = Scheduler(
      plan: Self.diamond, slots: SlotPool(globalLimit: 1), keepGoing: false, priority: { $0.id == "a" ? 2 : 1 })
    #expect(scheduler.startReady().map(\.id) == ["a"])
    let skipped = scheduler.finish("a", status: .failed)
    #expect(Set(skipped) == ["b", "c", "d"])
    #expect(scheduler.entries["d"]?.skipReason == "dependency 'a' failed")
    #expect(scheduler.startReady().isEmpty, "e must not start after a failure")
    #expect(scheduler.skipRemaining() == ["e"])
    #expect(scheduler.entries["e"]?.skipReason == "not started: the run stopped after 'a' failed (fail-fast)")
    #expect(scheduler.isFinished)
  }

  @Test func keepGoingBuildsWhatDoesNotDependOnTheFailure() {
    var scheduler = Scheduler(
      plan: Self.diamond, slots: SlotPool(globalLimit: 4), keepGoing: true, priority: { _ in 1 })
    _ = scheduler.startReady()
    scheduler.finish("a", status: .built)
    _ = scheduler.startReady()
    #expect(scheduler.finish("b", status: .failed) == ["d"])
    scheduler.finish("c", status: .built)
    scheduler.finish("e", status: .built)
    #expect(scheduler.startReady().isEmpty)
    #expect(scheduler.isFinished)
    #expect(scheduler.status(of: "d") == .skipped)
    #expect(scheduler.entries["d"]?.skipReason == "dependency 'b' failed")
  }

  @Test func cancellingMarksEveryWaitingJob() {
    var scheduler = Scheduler(
      plan: Self.diamond, slots: SlotPool(globalLimit: 1), keepGoing: false, priority: { _ in 1 })
    let started = scheduler.startReady().map(\.id)
    let cancelled = scheduler.cancelWaiting()
    #expect(Set(cancelled).union(started) == ["a", "b", "c", "d", "e"])
    #expect(scheduler.startReady().isEmpty)
    scheduler.finish(started[0], status: .cancelled)
    #expect(scheduler.isFinished)
  }
}

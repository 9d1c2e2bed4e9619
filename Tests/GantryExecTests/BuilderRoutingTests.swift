import Foundation
import GantryCore
import GantryLoad
import GantryPlan
import GantryTestSupport
import Testing

@testable import GantryExec
import GantryReport

/// Routing at run time: which candidate a starting job goes to, the limits, the image copies.
@Suite struct BuilderRoutingTests {
  static let builders = [
    PlannedBuilder(
      name: "one", platforms: ["linux/amd64"], concurrency: 1, endpoint: .dockerHost("unix:///one.sock"),
      isDefault: true),
    PlannedBuilder(name: "two", platforms: ["linux/amd64"], concurrency: 2, endpoint: .dockerHost("unix:///two.sock")),
  ]

  /// Jobs that may run on both builders, planned for `one` (DOCKER_HOST of one in their env).
  static func plan(_ deps: [String: [String]], builders: [PlannedBuilder] = builders) -> Plan {
    let order = (try? GraphAlgorithms.topologicalOrder(deps.keys.sorted(), dependencies: { deps[$0]! }).get()) ?? []
    let jobs = order.map { id in
      Job(
        id: id, service: id, platforms: ["linux/amd64"], deps: deps[id]!,
        argv: ["docker", "build", "-t", "\(id):1", "."],
        env: ["DOCKER_HOST": "unix:///one.sock"], tags: ["\(id):1"], builder: builders[0].name,
        candidates: builders.map(\.name))
    }
    return Plan(root: "/", backend: .docker, jobs: jobs, levels: [], criticalPath: [], warnings: [], builders: builders)
  }

  func scheduler(_ plan: Plan, jobs: Int) -> Scheduler {
    Scheduler(
      plan: plan, slots: SlotPool(globalLimit: jobs, builderLimits: plan.builderLimits), keepGoing: false,
      priority: { _ in 1 })
  }

  @Test func leastLoadedCandidateWithAFreeSlotAndTheEndpointRewritten() {
    var scheduler = scheduler(Self.plan(["a": [], "b": [], "c": [], "d": []]), jobs: 10)
    let started = scheduler.startReady()
    #expect(started.map(\.id) == ["a", "b", "c"])
    #expect(started.map(\.builder) == ["one", "two", "two"])
    #expect(started[0].env == ["DOCKER_HOST": "unix:///one.sock"])
    #expect(started[1].env == ["DOCKER_HOST": "unix:///two.sock"])
    #expect(scheduler.slots.peakByBuilder == ["one": 1, "two": 2])
    scheduler.finish("b", status: .built)
    let next = scheduler.startReady()
    #expect(next.map(\.id) == ["d"])
    #expect(next.first?.builder == "two")
  }

  @Test func theGlobalLimitHoldsToo() {
    var scheduler = scheduler(Self.plan(["a": [], "b": [], "c": []]), jobs: 2)
    #expect(scheduler.startReady().map(\.builder) == ["one", "two"])
    #expect(scheduler.slots.peak == 2)
  }

  @Test func aBuilderThatHoldsTheDependencyWinsAndOtherwiseTheImageIsCopied() {
    var scheduler = scheduler(Self.plan(["base": [], "x": ["base"], "y": ["base"], "z": ["base"]]), jobs: 4)
    #expect(scheduler.startReady().map(\.builder) == ["one"])
    scheduler.finish("base", status: .built)
    #expect(scheduler.imageStores["base"] == ["docker_host=unix:///one.sock"])
    // x goes where base is; y and z find one busy and go to two, which needs a copy.
    let started = scheduler.startReady()
    #expect(started.map(\.id) == ["x", "y", "z"])
    #expect(started.map(\.builder) == ["one", "two", "two"])
    #expect(scheduler.transfers(for: started[0]).isEmpty)
    let copies = scheduler.transfers(for: started[1])
    #expect(copies == [ImageTransfer(job: "base", tags: ["base:1"], from: "one", to: "two")])
    scheduler.recordTransfer(copies[0])
    #expect(scheduler.transfers(for: started[2]).isEmpty, "base is in two's store now")
  }

  @Test func limitsHoldAtEveryStepOfARandomRun() {
    var generator = SystemRandomNumberGenerator()
    var deps: [String: [String]] = [:]
    for index in 0..<40 {
      let earlier = (0..<index).map { "j\($0)" }
      deps["j\(index)"] =
        earlier.isEmpty
        ? [] : Array(earlier.shuffled(using: &generator).prefix(Int.random(in: 0...2, using: &generator)))
    }
    var scheduler = scheduler(Self.plan(deps), jobs: 3)
    var running: [String] = []
    while !scheduler.isFinished {
      running += scheduler.startReady().map(\.id)
      let byBuilder = Dictionary(grouping: running, by: { scheduler.entries[$0]!.builder }).mapValues(\.count)
      #expect(running.count <= 3)
      #expect((byBuilder["one"] ?? 0) <= 1)
      #expect((byBuilder["two"] ?? 0) <= 2)
      guard !running.isEmpty else { break }
      let done = running.remove(at: Int.random(in: 0..<running.count, using: &generator))
      scheduler.finish(done, status: .built)
    }
    #expect(scheduler.isFinished)
    #expect(scheduler.slots.peakByBuilder["one"] == 1)
  }

  @Test func aPipelineFeedsOneProcessIntoAnother() async throws {
    let folder = try Fixtures.temporaryFolder()
    try Fixtures.write(["input.txt": "hello through a pipe\n"], into: folder)
    let log = folder + "/copy.log"
    let runner = ProcessRunner()
    let outcome = await runner.runPipeline(
      PipelineCommand(argv: ["cat", "input.txt"]), into: PipelineCommand(argv: ["tr", "a-z", "A-Z"]),
      environment: ProcessInfo.processInfo.environment, directory: folder, logPath: log)
    #expect(outcome.succeeded)
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "HELLO THROUGH A PIPE\n")

    let failed = await runner.runPipeline(
      PipelineCommand(argv: ["cat", "missing.txt"]), into: PipelineCommand(argv: ["wc", "-c"]),
      environment: ProcessInfo.processInfo.environment, directory: folder, logPath: log)
    #expect(!failed.succeeded)
    #expect(try String(contentsOfFile: log, encoding: .utf8).contains("missing.txt"))
  }
}

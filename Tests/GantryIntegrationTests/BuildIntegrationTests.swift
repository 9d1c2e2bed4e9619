import Foundation
import GantryTestSupport
import Testing

/// Real builds on a real engine: the example monorepo (8 services, 4 layers, sibling FROM,
/// COPY --from another service's image, RUN --mount from one, RUN steps).
@Suite(.serialized, .enabled(if: Engine.shouldRun, "needs a Docker engine (make test starts one)"))
struct BuildIntegrationTests {
  @Test func buildsEveryImageWithTheRightContent() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    let result = try await repo.build(["-j", "3"])
    #expect(result.status == 0, "\(result)")

    let report = try repo.report()
    #expect(report.schema_version == 1)
    #expect(report.run.status == "succeeded")
    #expect(report.jobs.count == 8)
    #expect(report.jobs.allSatisfy { $0.status == "built" })
    #expect(report.jobs.allSatisfy { $0.image_id?.hasPrefix("sha256:") == true })
    for service in ["api", "worker", "web", "gateway", "migrations"] {
      #expect(try await Engine.file("/app/service.txt", in: repo.image(service)) == "\(service)\n")
    }
    // api was compiled with the toolchain image and the proto image's files, on the base image.
    let api = try #require(try await Engine.file("/app/api", in: repo.image("api")))
    #expect(api.contains("message Order"))
    #expect(try await Engine.file("/app/toolchain.txt", in: repo.image("api")) == "go 1.23\n")
    #expect(try await Engine.file("/etc/acme/release", in: repo.image("migrations")) == "acme base 1\n")
    // The worker mounted the toolchain for one step only: its image does not hold it.
    #expect(try await Engine.file("/opt/tool/VERSION", in: repo.image("worker")) == nil)

    // Every job started after all of its dependencies had finished.
    for job in report.jobs {
      let start = try #require(Report.date(job.started_at))
      for dep in job.deps {
        let depEnd = try #require(Report.date(report.job(dep)?.finished_at))
        #expect(depEnd <= start, "\(job.id) started before \(dep) finished")
      }
    }
    #expect(report.peakOverlap <= 3)
    #expect(result.stderr.contains("[base] started"))
    #expect(result.stderr.contains("succeeded: 8 built, 0 failed, 0 skipped"))
  }

  @Test func overlapNeverExceedsJobs() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    let result = try await repo.build(["-j", "2"])
    #expect(result.status == 0, "\(result)")
    let report = try repo.report()
    #expect(report.run.jobs == 2)
    #expect(report.peakOverlap <= 2)
    #expect(report.peakOverlap == 2, "independent jobs should have run side by side")
  }

  @Test func failFastStopsStartingJobsAndSkipsDependents() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    try repo.setDockerfile("proto", "FROM acme/base:1\nRUN echo 'protoc: api.proto:3: syntax error' >&2 && exit 3\n")
    let result = try await repo.build(["-j", "2"])
    #expect(result.status == 1, "\(result)")
    let report = try repo.report()
    #expect(report.run.status == "failed")
    let proto = try #require(report.job("proto"))
    #expect(proto.status == "failed")
    #expect(proto.error?.contains("exit") == true)
    #expect(report.job("api")?.status == "skipped")
    #expect(report.job("api")?.error == "dependency 'proto' failed")
    #expect(report.job("migrations")?.error == "dependency 'proto' failed")
    // Nothing started after the failure.
    let failedAt = try #require(Report.date(proto.finished_at))
    for job in report.jobs {
      if let start = Report.date(job.started_at) { #expect(start <= failedAt, "\(job.id) started after proto failed") }
      #expect(["built", "failed", "skipped"].contains(job.status))
    }
    // The failure is shown with the end of its log.
    #expect(result.stderr.contains("[proto] FAILED (exit 1)"))
    #expect(result.stderr.contains("protoc: api.proto:3: syntax error"))
    #expect(result.stderr.contains("── last "))
  }

  @Test func keepGoingBuildsEverythingThatDoesNotDependOnTheFailure() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    try repo.setDockerfile("proto", "FROM acme/base:1\nRUN exit 3\n")
    let result = try await repo.build(["-j", "2", "--keep-going"])
    #expect(result.status == 1, "\(result)")
    let report = try repo.report()
    let statuses = Dictionary(uniqueKeysWithValues: report.jobs.map { ($0.id, $0.status) })
    #expect(
      statuses == [
        "base": "built", "toolchain": "built", "web": "built", "worker": "built",
        "proto": "failed", "api": "skipped", "migrations": "skipped", "gateway": "skipped",
      ])
    #expect(report.job("gateway")?.error == "dependency 'proto' failed")
  }

  @Test func interruptStopsEveryBuildAndExits130() async throws {
    try Engine.check()
    let repo = try Monorepo()
    defer { repo.cleanUp() }
    // A long step that identifies itself in the process table.
    try repo.setDockerfile("web", "FROM acme/base:1\nRUN sleep 147.5\n")
    try repo.setDockerfile("proto", "FROM acme/base:1\nRUN sleep 147.25\n")
    let running = try Command.start(
      [Command.gantry, "build", "--backend", "docker", "--docker", Engine.client, "--progress", "plain", "-j", "4"],
      directory: repo.root)
    // Wait until both sleeps run inside the engine (a loaded machine may take minutes to get there).
    let seen = await Poll.until(timeout: 300, interval: .milliseconds(500)) {
      !Processes.matching("sleep 147.5").isEmpty && !Processes.matching("sleep 147.25").isEmpty
    }
    guard seen else {
      running.signal(SIGKILL)
      Issue.record("the builds never reached their sleep step: \(await running.result(timeout: 30))")
      return
    }
    let children = Processes.descendants(of: running.pid)
    #expect(!children.isEmpty)
    let interruptedAt = Date()
    running.signal(SIGINT)
    let result = await running.result(timeout: 120)
    #expect(result.status == 130, "\(result)")
    // Far below the sleeps: the builds were stopped, not waited for.
    #expect(Date().timeIntervalSince(interruptedAt) < 60)
    // No client process of gantry's is left, and the build steps stop too.
    #expect(children.allSatisfy { !Processes.isAlive($0) }, "left running: \(children.filter(Processes.isAlive))")
    let stepsGone = await Poll.until(timeout: 60) {
      Processes.matching("sleep 147.5").isEmpty && Processes.matching("sleep 147.25").isEmpty
    }
    #expect(stepsGone, "build steps still running 60 s after gantry exited")
    let report = try repo.report()
    #expect(report.run.status == "interrupted")
    #expect(report.job("web")?.status == "cancelled")
    #expect(report.job("gateway")?.status == "cancelled")
  }
}

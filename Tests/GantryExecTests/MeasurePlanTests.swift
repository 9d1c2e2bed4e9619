import Foundation
import GantryExec
import GantryPlan
import GantryTestSupport
import Testing

@Suite struct MeasurePlanTests {
  var planned: Job {
    var job = Job(
      id: "web", service: "web", platforms: ["linux/amd64"], deps: ["toolbox"], argv: [], env: [:],
      tags: ["acme/web:1", "registry:5000/web"])
    job.invocation = Invocation(
      client: "docker", verb: ["build"],
      arguments: [
        "-f", "services/web/Dockerfile", "-t", "acme/web:1", "-t", "registry:5000/web", "--target", "runtime",
        "--iidfile", ".gantry/runs/r/iid/web.iid", "services/web",
      ], endpoint: .dockerHost("ssh://builder"))
    return job
  }

  @Test func coldBypassesTheCacheForThatBuildOnly() throws {
    let job = BuildMeasurement(service: "web", stage: nil, scenario: .cold).job(
      from: planned, root: "/repo", outputDirectory: "/repo/.gantry/runs/r2/iid")
    #expect(job.id == "web:cold")
    #expect(job.deps.isEmpty)
    #expect(Array(job.argv.prefix(3)) == ["docker", "build", "--no-cache"])
    #expect(job.argv.filter { $0 == "--no-cache" }.count == 1)
    // Apart from --no-cache and the image id file, the planned command is unchanged.
    let iidIndex = try #require(planned.argv.firstIndex(of: "--iidfile")) + 1
    var expected = planned.argv
    expected[iidIndex] = ArgvBuilder.imageIDFile(for: "web:cold", in: ".gantry/runs/r2/iid")
    expected.insert("--no-cache", at: 2)
    #expect(job.argv == expected)
    #expect(job.tags == planned.tags)
    #expect(job.invocation.endpoint == planned.invocation.endpoint, "the builder it is routed to is kept")
    #expect(job.env["DOCKER_HOST"] == "ssh://builder")
  }

  @Test func aStageIsBuiltWithItsTargetUnderATagOfItsOwn() {
    let job = BuildMeasurement(service: "web", stage: "deps", scenario: .warm).job(
      from: planned, root: "/repo", outputDirectory: "/repo/.gantry/runs/r2/iid")
    #expect(job.id == "web[deps]:warm")
    #expect(!job.argv.contains("--no-cache"))
    #expect(job.argv.filter { $0 == "--target" }.count == 1)
    #expect(job.argv[job.argv.firstIndex(of: "--target")! + 1] == "deps")
    #expect(job.tags == ["acme/web:1-deps", "registry:5000/web:deps"])
    #expect(job.argv.contains("acme/web:1-deps") && !job.argv.contains("acme/web:1"))
  }

  @Test func theSequenceRunsColdWarmIncrementalPerRoundAndStage() {
    let sequence = BuildMeasurement.sequence(
      services: ["web", "api"], stages: ["web": ["deps"]], scenarios: [.incremental, .cold], repeat: 2)
    #expect(
      sequence.map(\.jobID) == [
        "web:cold", "web:incremental", "web:cold", "web:incremental",
        "web[deps]:cold", "web[deps]:incremental", "web[deps]:cold", "web[deps]:incremental",
        "api:cold", "api:incremental", "api:cold", "api:incremental",
      ])
  }

  @Test func rowsGiveTheMedianAndSpread() throws {
    let row = MeasureTable.Row(service: "web", stage: "final", scenario: .warm, runs: [3, 1, 2, 10], imageBytes: 5)
    #expect(row.seconds == 2.5)
    #expect(row.spreadSeconds == 9)
    let json = try MeasureTable(rows: [row]).render(.json)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let first = try #require((object["rows"] as? [[String: Any]])?.first)
    #expect(first["service"] as? String == "web")
    #expect(first["stage"] as? String == "final")
    #expect(first["scenario"] as? String == "warm")
    #expect(first["seconds"] as? Double == 2.5)
    #expect(first["image_bytes"] as? Int == 5)
    let csv = try MeasureTable(rows: [row]).render(.csv)
    #expect(
      csv == "service,stage,scenario,seconds,spread_seconds,runs,image_bytes,touched\nweb,final,warm,2.50,9.00,4,5,\n")
    let md = try MeasureTable(rows: [row]).render(.md)
    #expect(md.contains("| web | final | warm | 2.50 s | 9.00 s | 4 | 5B |"))
  }
}

@Suite struct TouchedFileTests {
  @Test func theFileIsRestoredByteForByteAndAPendingChangeIsRecovered() throws {
    let folder = try Fixtures.temporaryFolder("touch")
    let path = folder + "/src.js"
    let original = Data([0x00, 0xFF, 0x0D, 0x0A, 0x41])  // no trailing newline, a CR, binary bytes
    try original.write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
    let backup = folder + "/.gantry/measure"

    let touched = try TouchedFile.touch(path, backupFolder: backup)
    let changed = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(changed.starts(with: original))
    #expect(changed.count == original.count + 34)
    #expect(changed.dropFirst(original.count).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A })
    #expect(throws: MeasureError.self) { try TouchedFile.touch(path, backupFolder: backup) }
    try touched.restore()
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o640)

    // Each change is new content, so no round hits the cache of an earlier one.
    let changes = Set((0..<8).map { _ in TouchedFile.change() })
    #expect(changes.count > 1)

    // A run killed before it restored: the next one puts the bytes back first.
    _ = try TouchedFile.touch(path, backupFolder: backup)
    #expect(try TouchedFile.recover(backupFolder: backup) == path)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
    #expect(try TouchedFile.recover(backupFolder: backup) == nil)
  }
}

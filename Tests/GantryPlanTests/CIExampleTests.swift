import Foundation
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing
import Yams

@testable import GantryPlan

/// examples/ci: the workflows parse, ask for the matrix gantry prints, and read only the fields
/// its entries have; the GitLab child pipeline gantry writes is a valid pipeline shape.
@Suite struct CIExampleTests {
  static let examples = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    .appendingPathComponent("../../examples/ci").standardizedFileURL.path

  static func load(_ name: String) throws -> (text: String, yaml: [String: Any]) {
    let text = try String(contentsOfFile: examples + "/" + name, encoding: .utf8)
    return (text, try #require(try Yams.load(yaml: text) as? [String: Any]))
  }

  static func partition() throws -> ShardPartition {
    try ShardPlanner.partition(ShardPlannerTests.plan(ShardPlannerTests.monorepo), count: .exactly(3))
  }

  @Test func theGitHubWorkflowRunsAMatrixPerWaveFromGantrysOutput() throws {
    let (text, workflow) = try Self.load("github-actions.yml")
    let jobs = try #require(workflow["jobs"] as? [String: Any])
    #expect(Set(jobs.keys) == ["matrix", "wave-1", "wave-2", "report"])
    let env = try #require(workflow["env"] as? [String: Any])
    let wavesText = try #require(env["WAVES"] as? String)
    let waves = try #require(Int(wavesText))
    let outputs = try #require((jobs["matrix"] as? [String: Any])?["outputs"] as? [String: String])
    for wave in 1...waves {
      let job = try #require(jobs["wave-\(wave)"] as? [String: Any])
      let strategy = try #require(job["strategy"] as? [String: Any])
      #expect(strategy["matrix"] as? String == "${{ fromJSON(needs.matrix.outputs.wave-\(wave)) }}")
      #expect(outputs["wave-\(wave)"] != nil)
      let steps = try #require(job["steps"] as? [[String: Any]])
      let build = try #require(steps.compactMap { $0["run"] as? String }.first { $0.contains("gantry build") })
      #expect(build.contains("--shard \"${{ matrix.shard }}\""))
      #expect(build.contains("--partition-id \"${{ matrix.partition }}\""))
      #expect(build.contains("--max-waves \"$WAVES\""))
    }
    #expect(text.contains("for wave in \((1...waves).map(String.init).joined(separator: " ")); do"))
    let report = try #require(jobs["report"] as? [String: Any])
    let runs = (report["steps"] as? [[String: Any]] ?? []).compactMap { $0["run"] as? String }.joined()
    #expect(runs.contains("gantry report merge --output merged --history reports/*"))
    #expect(runs.contains("GITHUB_STEP_SUMMARY"))
    // Every matrix.FIELD the workflow reads is a field of the entries gantry prints.
    let entry = try #require(
      (try JSONSerialization.jsonObject(
        with: Data(try MatrixRenderer.render(try Self.partition(), format: .github).utf8))
        as? [String: [[String: Any]]])?["include"]?.first)
    let read = Set(text.matches(of: #/[^.a-z_-]matrix\.([a-z_]+)/#).map { String($0.output.1) })
    #expect(!read.isEmpty)
    #expect(read.isSubset(of: Set(entry.keys)), "\(read.subtracting(entry.keys))")
  }

  @Test func theGitLabPipelineTriggersTheChildPipelineGantryWrites() throws {
    let (_, pipeline) = try Self.load("gitlab-ci.yml")
    let matrix = try #require(pipeline["gantry-matrix"] as? [String: Any])
    let script = (matrix["script"] as? [String])?.joined() ?? ""
    #expect(
      script.contains("gantry ci matrix") && script.contains("--format gitlab") && script.contains("> shards.yml"))
    let trigger = try #require((pipeline["gantry-shards"] as? [String: Any])?["trigger"] as? [String: Any])
    let include = try #require((trigger["include"] as? [[String: Any]])?.first)
    #expect(include["artifact"] as? String == "shards.yml")
    #expect(include["job"] as? String == "gantry-matrix")
    let variables = try #require((pipeline["gantry-shards"] as? [String: Any])?["variables"] as? [String: Any])
    #expect(variables["PARENT_PIPELINE_ID"] as? String == "${CI_PIPELINE_ID}")
  }

  @Test func theChildPipelineHasAStagePerWaveAndEveryReferenceResolves() throws {
    let partition = try Self.partition()
    let text = try MatrixRenderer.render(partition, format: .gitlab)
    let child = try #require(try Yams.load(yaml: text) as? [String: Any])
    let stages = try #require(child["stages"] as? [String])
    #expect(stages == (1...partition.waves).map { "wave-\($0)" } + ["report"])
    let jobs = child.filter { !$0.key.hasPrefix(".") && $0.key != "stages" }
    #expect(jobs.count == partition.nonEmpty.count + 1)
    for (name, value) in jobs {
      let job = try #require(value as? [String: Any])
      #expect(stages.contains(job["stage"] as? String ?? ""), "\(name)")
      if let extends = job["extends"] as? String { #expect(child[extends] != nil, "\(name) extends \(extends)") }
      for need in job["needs"] as? [[String: Any]] ?? [] {
        if let other = need["job"] as? String, need["pipeline"] == nil {
          #expect(jobs[other] != nil, "\(name) needs \(other)")
        } else {
          #expect(need["job"] as? String == "gantry-matrix")
        }
      }
    }
    // A shard of wave 2 waits for every shard of wave 1.
    for shard in partition.nonEmpty where shard.wave == 2 {
      let needs = (jobs["gantry-shard-\(shard.index)"] as? [String: Any])?["needs"] as? [[String: Any]] ?? []
      let waited = Set(needs.compactMap { $0["job"] as? String })
      for earlier in partition.nonEmpty where earlier.wave == 1 {
        #expect(waited.contains("gantry-shard-\(earlier.index)"))
      }
    }
  }
}

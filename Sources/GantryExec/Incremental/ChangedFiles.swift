import Foundation
import GantryCore
import GantryPlan

/// `--changed-since REF`: the jobs whose inputs hold a file that differs from the commit `REF`
/// (committed since, staged, modified or untracked), and every job that depends on them.
public enum ChangedFiles {
  /// `REF` names no commit, or git cannot be run in the folder.
  public struct Failure: ReportableError {
    public var message: String
    public var hint: String
    public var diagnostics: [Diagnostic] { [.error(message, at: nil, hint: hint)] }
  }

  /// The changed files, absolute.
  public static func since(
    _ ref: String, in folder: String, environment: [String: String],
    processes: ProcessRunner = ProcessRunner(grace: .seconds(1))
  ) async throws(Failure) -> Set<String> {
    func git(_ arguments: [String]) async -> CapturedOutput {
      await processes.capture(
        PipelineCommand(argv: ["git", "-C", folder] + arguments), environment: environment, directory: folder,
        timeout: .seconds(60))
    }
    let top = await git(["rev-parse", "--show-toplevel"])
    guard top.outcome.succeeded else {
      throw Failure(
        message: "--changed-since needs a git repository, and \(folder) is not in one",
        hint: top.standardError.trimmingWhitespace().isEmpty ? "run gantry inside a git work tree" : top.standardError.trimmingWhitespace())
    }
    let root = top.standardOutput.trimmingWhitespace()
    let commit = await git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"])
    guard commit.outcome.succeeded else {
      throw Failure(
        message: "--changed-since: '\(ref)' names no commit in \(root)",
        hint: "name a branch, tag or commit that exists (git fetch it first in a shallow CI clone)")
    }
    var changed: Set<String> = []
    for arguments in [["diff", "--name-only", "-z", ref, "--"], ["ls-files", "--others", "--exclude-standard", "-z"]] {
      let result = await git(arguments)
      guard result.outcome.succeeded else {
        throw Failure(
          message: "git \(arguments[0]) failed: \(result.standardError.trimmingWhitespace())",
          hint: "check the repository with git status")
      }
      for path in result.standardOutput.split(separator: "\0") where !path.isEmpty {
        changed.insert(Paths.absolute(String(path), relativeTo: root))
      }
    }
    return changed
  }

  /// The jobs a change touches: those whose context, Dockerfile, ignore file or additional context
  /// folders hold a changed file, and every job that depends on one of them.
  public static func affectedJobs(_ plan: Plan, changed: Set<String>) -> Set<String> {
    var touched: Set<String> = []
    for job in plan.jobs {
      guard let source = job.source else { continue }
      let folders = [source.context] + source.additionalContexts.values.filter { $0.hasPrefix("/") }
      let files = [source.dockerfile].compactMap { $0 }.flatMap { [$0, $0 + ".dockerignore"] }
      if changed.contains(where: { path in
        files.contains(path) || folders.contains { Paths.isInside(path, root: $0) }
      }) {
        touched.insert(job.id)
      }
    }
    var dependents: [String: [String]] = [:]
    for job in plan.jobs { for dep in job.deps { dependents[dep, default: []].append(job.id) } }
    return GraphAlgorithms.closure(of: Array(touched), successors: { dependents[$0] ?? [] })
  }
}

import ArgumentParser
import Foundation
import GantryAudit
import GantryCore
import GantryInputs
import GantryLoad
import GantryReport

extension Severity: ExpressibleByArgument {}

/// `gantry audit`: findings about build speed and size at file:line, before anything is built.
struct AuditCommand: AsyncParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif
  }

  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Find what makes builds slow or images large, at file:line, and fix the safe ones.",
    discussion: """
      Reads the same services and Dockerfiles as 'gantry plan' and each
      build context (nothing is built): contexts without an ignore file or
      sending files no instruction reads, dependency installs after the
      whole source is copied, package-manager steps without cache mounts,
      toolchains in final stages, emulated compiles, unpinned bases, apt
      habits, remote ADD, secrets in ARG/ENV, and, from .gantry/history.jsonl,
      the slowest services. Rules: docs/audit.md.

      --fix writes or extends .dockerignore (never excluding a file an
      instruction names) and reorders dependency installs where that cannot
      change what the install sees; then the audit runs again.

      Exit status: 0 when no finding reaches --fail-on (default: never),
      1 when one does, 2 for input that cannot be read.

      Examples:
        gantry audit
        gantry audit api --format json
        gantry audit --format sarif > audit.sarif
        gantry audit --fail-on warning
        gantry audit --fix
      """)

  @OptionGroup(title: "Service definitions") var project: ProjectOptions

  @Argument(help: "Services to audit (default: all).")
  var services: [String] = []

  @Option(help: "Output format: text, json or sarif (SARIF 2.1.0).")
  var format: Format = .text

  @Option(help: "Exit 1 when a finding reaches this severity: error, warning or note (default: never).")
  var failOn: Severity?

  @Flag(help: "Write the safe fixes (.dockerignore lines, dependency installs before the source copy).")
  var fix = false

  @Option(help: "Whose ignore-file rules apply: docker-20.10 or buildx (default: from the backend).")
  var ignoreRules: IgnoreDialect?

  func run() async throws {
    let loaded = try project.loadProject()
    let backend = BackendChoice.planned(flag: nil, project: loaded)
    let dialect = ignoreRules ?? (backend == .docker ? .docker2010 : .moby)
    let audit = ProjectAudit(
      project: loaded,
      sender: InputsContextSender(dialect: dialect, cacheFolder: loaded.root + "/.gantry/stat-cache"),
      nativePlatform: Self.nativePlatform(), history: ReportStore(root: loaded.root).history())
    let selected = try audit.selected(services)
    var result = audit.run(selected)
    if fix {
      let edits = try AuditFixer(project: loaded).apply(
        result, services: selected, nativePlatform: audit.nativePlatform)
      for edit in edits { Terminal.printError("fixed: \(edit)") }
      if edits.isEmpty { Terminal.printError("nothing to fix safely") }
      result = audit.run(selected)
    }
    for warning in result.warnings { Terminal.printError(warning.description) }
    let names = selected.map(\.name)
    switch format {
    case .text: Terminal.write(AuditText.render(result, services: names))
    case .json:
      Terminal.write(try AuditJSON.render(result, services: names) { Paths.relative($0, to: loaded.root) })
    case .sarif: Terminal.write(try AuditSARIF.render(result.findings, version: Gantry.version))
    }
    if !result.inputErrors.isEmpty { throw DiagnosticsError(result.inputErrors) }
    if let failOn, result.reaches(failOn) { throw ExitCode(ExitStatus.buildFailed.rawValue) }
  }

  /// The platform this machine's builder runs natively, e.g. `linux/amd64`.
  static func nativePlatform() -> String {
    #if arch(arm64)
      return "linux/arm64"
    #else
      return "linux/amd64"
    #endif
  }
}

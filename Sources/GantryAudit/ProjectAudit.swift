import Foundation
import GantryCore
import GantryLoad
import GantryReport

/// Audits the services of a project: each Dockerfile, each context, then the history. Reads
/// files; starts no process.
public struct ProjectAudit: Sendable {
  public var project: Project
  public var sender: any ContextSender
  /// The platform the builder runs natively (for the cross-compilation rule).
  public var nativePlatform: String
  /// `.gantry/history.jsonl`, oldest first.
  public var history: [HistoryEntry]

  public init(project: Project, sender: any ContextSender, nativePlatform: String, history: [HistoryEntry]) {
    self.project = project
    self.sender = sender
    self.nativePlatform = nativePlatform
    self.history = history
  }

  /// A path (absolute, or relative to the working directory as locations are) relative to the manifest's folder.
  func display(_ path: String) -> String {
    Paths.relative(Paths.absolute(path, relativeTo: FileManager.default.currentDirectoryPath), to: project.root)
  }

  /// The services to audit: those named (an unknown name is an input error), else all.
  public func selected(_ names: [String]) throws(DiagnosticsError) -> [ServiceDefinition] {
    guard !names.isEmpty else { return project.services }
    var diagnostics = DiagnosticCollector()
    var result: [ServiceDefinition] = []
    for name in names {
      if let service = project.services.first(where: { $0.name == name }) {
        result.append(service)
      } else {
        diagnostics.error(
          "no service '\(name)'", at: nil,
          hint: Suggestion.hint(for: name, in: project.services.map(\.name), noun: "services"))
      }
    }
    try diagnostics.throwIfErrors()
    return result
  }

  public func run(_ services: [ServiceDefinition]) -> AuditResult {
    var result = AuditResult()
    var findings: [Finding] = []
    for service in services {
      let dockerfileText: String
      let file: String
      if let inline = service.dockerfileInline {
        dockerfileText = inline
        file = display(project.files.first ?? project.root)
      } else if let path = service.dockerfile?.value {
        guard let data = FileManager.default.contents(atPath: path) else {
          result.inputErrors.append(
            .error(
              "\(service.name): cannot read the Dockerfile \(display(path))", at: service.dockerfile?.location,
              hint: "check the service's dockerfile: path"))
          continue
        }
        dockerfileText = String(decoding: data, as: UTF8.self)
        file = display(path)
      } else {
        continue
      }
      let dockerfile = AuditedDockerfile(
        service: service.name, file: file, text: dockerfileText, buildArgs: service.args, target: service.target,
        platforms: service.platforms.map(\.description), nativePlatform: nativePlatform)
      result.warnings += dockerfile.model.diagnostics.filter { $0.severity == .error }.map { diagnostic in
        var copy = diagnostic
        copy.severity = .warning
        return copy
      }

      let context = service.context.value
      let contextLocation =
        service.context.location.map { SourceLocation(file: display($0.file), line: $0.line, column: $0.column) }
        ?? service.location.map { SourceLocation(file: display($0.file), line: $0.line, column: $0.column) }
        ?? SourceLocation(file: file, line: 1)
      var snapshot: ContextSnapshot?
      if Paths.isDirectory(context) {
        do {
          snapshot = try contextSnapshot(root: context, dockerfile: service.dockerfile?.value)
        } catch {
          result.inputErrors.append(.error("\(service.name): \(error)", at: contextLocation))
        }
      } else {
        result.inputErrors.append(
          .error(
            "\(service.name): the build context \(display(context)) does not exist or is not a folder",
            at: contextLocation, hint: "fix the service's context: path"))
      }
      let topLevel = Set(snapshot?.sent.filter { !$0.isDirectory }.map(\.path) ?? [])
      findings += DockerfileAudit.findings(dockerfile) { manager in
        manager.manifests(among: topLevel.filter { !$0.contains("/") })
      }
      if let snapshot {
        do {
          let check = ContextCheck(
            dockerfile: dockerfile, snapshot: snapshot, sender: sender, contextLocation: contextLocation,
            manifestRoot: project.root)
          let outcome = try check.run()
          findings += outcome.findings
          if let proposal = outcome.proposal { result.ignoreProposals[service.name] = proposal }
        } catch {
          result.inputErrors.append(.error("\(service.name): \(error)", at: contextLocation))
        }
      }
    }
    let declared = services.map { service in
      (
        name: service.name,
        location: service.location.map { SourceLocation(file: display($0.file), line: $0.line, column: $0.column) }
          ?? SourceLocation(file: display(project.files.first ?? project.root), line: 1)
      )
    }
    findings += HistoryCheck.findings(history, services: declared, findings: findings)
    result.findings = DockerfileAudit.sorted(findings)
    return result
  }

  func contextSnapshot(root: String, dockerfile: String?) throws -> ContextSnapshot {
    if let sender = sender as? InputsContextSender { return try sender.snapshot(root: root, dockerfile: dockerfile) }
    let path = root + "/.dockerignore"
    let text = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    return ContextSnapshot(
      root: root, ignoreFile: text == nil ? nil : path, ignoreText: text,
      sent: try sender.sent(root: root, ignoreText: text))
  }
}

import Foundation
import GantryCore
import GantryLoad

/// Writes the audit's safe fixes: the proposed ignore lines, and the layer-order edits.
public struct AuditFixer: Sendable {
  public var project: Project

  public init(project: Project) { self.project = project }

  /// Applies the fixes of `result` for `services`; returns one line per edit.
  /// - Throws: when a file cannot be written.
  public func apply(_ result: AuditResult, services: [ServiceDefinition], nativePlatform: String) throws -> [String] {
    var edits: [String] = []
    var written: Set<String> = []
    for service in services {
      if let proposal = result.ignoreProposals[service.name], written.insert(proposal.file).inserted {
        let existing = FileManager.default.contents(atPath: proposal.file).map { [UInt8]($0) }
        try Data(IgnoreEdit.appending(proposal.lines, to: existing)).write(to: URL(fileURLWithPath: proposal.file))
        edits.append(
          "\(Paths.relative(proposal.file, to: project.root)): \(proposal.extends ? "added" : "wrote") \(proposal.lines.joined(separator: ", ")) (context \(SizeText.display(proposal.bytesBefore)) → \(SizeText.display(proposal.bytesAfter)))"
        )
      }
      guard service.dockerfileInline == nil, let path = service.dockerfile?.value, written.insert(path).inserted,
        result.findings.contains(where: { $0.service == service.name && $0.rule == RuleID.layerOrder.rawValue }),
        let data = FileManager.default.contents(atPath: path)
      else { continue }
      let dockerfile = AuditedDockerfile(
        service: service.name, file: Paths.relative(path, to: project.root),
        text: String(decoding: data, as: UTF8.self),
        buildArgs: service.args, target: service.target, platforms: service.platforms.map(\.description), nativePlatform: nativePlatform)
      let context = service.context.value
      let (text, changes) = LayerOrderFix.apply(dockerfile) { manager in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: context)) ?? []
        return manager.manifests(among: names.filter { Paths.isFile(context + "/" + $0) })
      }
      guard !changes.isEmpty else { continue }
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      edits += changes
    }
    return edits
  }
}

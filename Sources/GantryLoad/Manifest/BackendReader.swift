import GantryCore
import Yams

/// Reads the manifest's `backend:`: `auto`, `buildx`, `docker`, or `{command: [ARGV...], env: {K: V}}`.
enum BackendReader {
  static let names = ["auto", "buildx", "docker"]
  static let keys = ["command", "env"]

  static func read(_ node: Node, reader: inout YAMLReader) -> Located<BackendSetting>? {
    let location = reader.location(of: node)
    switch node {
    case .scalar:
      guard let name = reader.string(node, what: "backend") else { return nil }
      switch name {
      case "auto": return Located(.auto, at: location)
      case "buildx": return Located(.named(.buildx), at: location)
      case "docker": return Located(.named(.docker), at: location)
      case "command":
        reader.diagnostics.error(
          "backend: command needs a command template", at: location,
          hint: "write backend: {command: [podman, build, '{tag-flags}', -f, '{dockerfile}', '{context}']}")
      default:
        reader.diagnostics.error(
          "unknown backend '\(name)'", at: location,
          hint: Suggestion.nearest(to: name, in: names).map { "did you mean '\($0)'?" }
            ?? "use auto, buildx or docker; for podman, buildah, kaniko and the like write backend: {command: [...]}")
      }
      return nil
    case .mapping:
      return readCommand(node, reader: &reader).map { Located(.command($0), at: location) }
    default:
      reader.diagnostics.error(
        "backend must be auto, buildx, docker or a mapping {command: [...]}, found \(YAMLReader.kind(of: node))",
        at: location, hint: CommandTemplate.exampleHint)
      return nil
    }
  }

  /// `{command: [...], env: {...}}`: every problem is reported where it was written.
  static func readCommand(_ node: Node, reader: inout YAMLReader) -> CommandTemplate? {
    guard let entries = reader.mapping(node, what: "backend") else { return nil }
    reader.rejectUnknownKeys(entries, allowed: keys, in: "backend")
    var env: [String: String] = [:]
    if let envNode = entries.first(where: { $0.key.value == "env" })?.value {
      env = reader.stringMap(envNode, what: "backend.env")?.mapValues(\.value) ?? [:]
    }
    guard let commandNode = entries.first(where: { $0.key.value == "command" })?.value else {
      reader.diagnostics.error(
        "backend has no command", at: reader.location(of: node),
        hint: "add command: [...]; " + CommandTemplate.exampleHint)
      return nil
    }
    guard case .sequence(let sequence) = commandNode else {
      reader.diagnostics.error(
        "backend.command must be a list, found \(YAMLReader.kind(of: commandNode))",
        at: reader.location(of: commandNode),
        hint: "write each argument as its own element (no shell splits it): " + CommandTemplate.exampleHint)
      return nil
    }
    guard let items = readItems(sequence, reader: &reader) else { return nil }
    let problems = CommandTemplate.problems(in: items.map(\.value))
    for problem in problems {
      let at = problem.index.map { items[$0].location } ?? reader.location(of: commandNode)
      reader.diagnostics.error(problem.message, at: at, hint: problem.hint)
    }
    guard problems.isEmpty else { return nil }
    return try? CommandTemplate(argv: items.map(\.value), env: env)
  }

  /// The elements of `backend.command`; nil when one is not a string. An unquoted `{name}` is a YAML
  /// mapping, not text: say how to quote it.
  static func readItems(_ sequence: Node.Sequence, reader: inout YAMLReader) -> [Located<String>]? {
    var items: [Located<String>] = []
    var complete = true
    for item in sequence {
      if case .mapping(let mapping) = item, mapping.count == 1, let (key, value) = mapping.first,
        case .scalar(let name) = key, YAMLReader.isNull(value)
      {
        reader.diagnostics.error(
          "{\(name.string)} in backend.command must be quoted", at: reader.location(of: item),
          hint: "YAML reads an unquoted {name} as a mapping: write '{\(name.string)}'")
        complete = false
      } else if let text = reader.locatedString(item, what: "each entry of backend.command") {
        items.append(text)
      } else {
        complete = false
      }
    }
    return complete ? items : nil
  }
}

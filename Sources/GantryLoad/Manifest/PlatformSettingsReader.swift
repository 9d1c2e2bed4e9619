import GantryCore
import Yams

/// Reads `toolchain:`, `split:`, `args_by_platform:` and `push:` (in `defaults` or a service) into
/// `MultiArchSettings`.
enum PlatformSettingsReader {
  static let keys = ["toolchain", "split", "args_by_platform", "push"]
  static let toolchainKeys = ["name", "libc"]

  /// Applies one entry to `settings`; `what` names the place for messages.
  static func read(
    key: String, value: Node, what: String, into settings: inout MultiArchSettings, reader: inout YAMLReader
  ) {
    let field = "\(what).\(key)"
    switch key {
    case "toolchain": settings.toolchain = toolchain(value, what: field, reader: &reader)
    case "split":
      guard let text = reader.string(value, what: field) else { return }
      guard let mode = SplitMode(rawValue: text) else {
        reader.diagnostics.error(
          "\(field) must be auto, always or never, found '\(text)'", at: reader.location(of: value),
          hint: Suggestion.nearest(to: text, in: SplitMode.allCases.map(\.rawValue)).map { "did you mean '\($0)'?" })
        return
      }
      settings.split = mode
    case "push": settings.push = reader.bool(value, what: field)
    case "args_by_platform":
      settings.argsByPlatform = argsByPlatform(value, what: field, reader: &reader)
      settings.argsByPlatformLocation = reader.location(of: value)
    default: break
    }
  }

  /// `go`, or `{name: rust, libc: musl}`.
  static func toolchain(_ node: Node, what: String, reader: inout YAMLReader) -> Located<Toolchain>? {
    let location = reader.location(of: node)
    let names = Toolchain.Name.allCases.map(\.rawValue)
    func name(_ node: Node) -> Toolchain.Name? {
      guard let text = reader.string(node, what: what) else { return nil }
      if let name = Toolchain.Name(rawValue: text) { return name }
      reader.diagnostics.error(
        "unknown toolchain '\(text)' in \(what)", at: reader.location(of: node),
        hint: Suggestion.nearest(to: text, in: names).map { "did you mean '\($0)'?" }
          ?? "use one of \(names.joined(separator: ", ")), or args_by_platform for anything else")
      return nil
    }
    if case .scalar = node { return name(node).map { Located(Toolchain($0), at: location) } }
    guard let entries = reader.mapping(node, what: what) else { return nil }
    reader.rejectUnknownKeys(entries, allowed: toolchainKeys, in: what)
    guard let nameNode = entries.first(where: { $0.key.value == "name" })?.value else {
      reader.diagnostics.error("\(what) has no name", at: location, hint: "write {name: rust, libc: musl}")
      return nil
    }
    guard let toolchainName = name(nameNode) else { return nil }
    var toolchain = Toolchain(toolchainName)
    if let libcNode = entries.first(where: { $0.key.value == "libc" })?.value,
      let text = reader.string(libcNode, what: "\(what).libc")
    {
      if let libc = Toolchain.Libc(rawValue: text) {
        toolchain.libc = libc
      } else {
        reader.diagnostics.error(
          "\(what).libc must be gnu or musl, found '\(text)'", at: reader.location(of: libcNode))
      }
      if toolchainName != .rust {
        reader.diagnostics.error(
          "\(what).libc applies to the rust toolchain only", at: reader.location(of: libcNode),
          hint: "remove libc, or pass the variables you need with args_by_platform")
      }
    }
    return Located(toolchain, at: location)
  }

  /// `{linux/arm64: {K: V}, …}`: every platform and argument name checked where it is written.
  static func argsByPlatform(_ node: Node, what: String, reader: inout YAMLReader) -> [Platform: [String: String]] {
    var result: [Platform: [String: String]] = [:]
    for (platform, value) in reader.mapping(node, what: what) ?? [] {
      guard let parsed = reader.diagnostics.platforms([platform], what: what).first else { continue }
      var args: [String: String] = [:]
      for (name, text) in reader.stringMap(value, what: "\(what).\(platform.value)") ?? [:] {
        if ServiceValidation.isArgumentName(name) {
          args[name] = text.value
        } else {
          reader.diagnostics.error(
            "'\(name)' is not a valid build argument name in \(what).\(platform.value)", at: text.location,
            hint: "names are letters, digits and '_' (no '=', spaces or quotes)")
        }
      }
      result[parsed, default: [:]].merge(args) { _, new in new }
    }
    return result
  }
}

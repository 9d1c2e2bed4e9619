import GantryCore

/// Applies `extends`: a service starts from another service (of the same file, or of `file:`), and its own
/// settings are merged over that service's with the same rules as a later compose file (compose
/// specification, "extends"). Bases may extend further; a cycle or a missing base is an error where the
/// `extends` is written.
struct ComposeExtends {
  /// Other files `extends` named, read once each (nil when unreadable, already reported).
  private var files: [String: ComposeLayer?] = [:]

  /// `layer`, read from the file at `file` (absolute), with every service's `extends` applied.
  mutating func apply(
    to layer: ComposeLayer, file: String, reader: inout ComposeFileReader, diagnostics: inout DiagnosticCollector
  ) -> ComposeLayer {
    files[file] = .some(layer)
    var result = layer
    for index in result.services.indices {
      guard let service = result.services[index].overlay.value, service.extends?.value != nil else { continue }
      if let resolved = resolve(service, in: layer, file: file, chain: [], reader: &reader, diagnostics: &diagnostics) {
        result.services[index].overlay = .set(resolved)
      }
    }
    return result
  }

  /// The service with its base merged under it; nil when the base cannot be found.
  private mutating func resolve(
    _ service: ServiceLayer, in layer: ComposeLayer, file: String, chain: [String], reader: inout ComposeFileReader,
    diagnostics: inout DiagnosticCollector
  ) -> ServiceLayer? {
    guard let extends = service.extends?.value else { return service }
    let here = file + "#" + service.name.value
    let baseFile = extends.file.map { Paths.absolute($0.value, relativeTo: extends.folder) } ?? file
    let baseLayer: ComposeLayer
    if baseFile == file {
      baseLayer = layer
    } else {
      guard Paths.isFile(baseFile) else {
        diagnostics.error(
          "service '\(service.name.value)' extends a service of \(extends.file?.value ?? baseFile), a file that does not exist",
          at: extends.file?.location ?? extends.service.location,
          hint: "the file: of extends is relative to the folder of the file that says extends")
        return nil
      }
      if files[baseFile] == nil {
        files[baseFile] = .some(Self.read(baseFile, reader: &reader, diagnostics: &diagnostics))
      }
      guard let read = files[baseFile] ?? nil else { return nil }
      baseLayer = read
    }
    let there = baseFile + "#" + extends.service.value
    if chain.contains(there) || there == here {
      let names = (chain + [here, there]).map { String($0.split(separator: "#").last ?? "") }
      diagnostics.error(
        "extends cycle: \(names.joined(separator: " -> "))", at: extends.service.location,
        hint: "a service cannot extend itself, directly or through other services")
      return nil
    }
    guard let base = baseLayer.services.first(where: { $0.name.value == extends.service.value })?.overlay.value
    else {
      let names = baseLayer.services.map(\.name.value)
      let place = extends.file.map { " in \($0.value)" } ?? ""
      diagnostics.error(
        "service '\(service.name.value)' extends '\(extends.service.value)', which is not a service\(place)",
        at: extends.service.location,
        hint: Suggestion.nearest(to: extends.service.value, in: names).map { "did you mean '\($0)'?" }
          ?? "name a service of \(extends.file?.value ?? "this file")")
      return nil
    }
    guard
      var resolvedBase = resolve(
        base, in: baseLayer, file: baseFile, chain: chain + [here], reader: &reader, diagnostics: &diagnostics)
    else { return nil }
    // Relative paths of a base from another file are relative to that file's folder.
    if baseFile != file, let build = resolvedBase.build?.value {
      resolvedBase.build = .set(build.rebased(onto: Paths.folder(of: baseFile)))
    }
    var own = service
    own.extends = nil
    var merged = resolvedBase.merged(with: own)
    merged.name = service.name
    merged.extends = nil
    return merged
  }

  private static func read(
    _ path: String, reader: inout ComposeFileReader, diagnostics: inout DiagnosticCollector
  ) -> ComposeLayer? {
    let display = Paths.display(path)
    switch SourceFile.read(path, display: display) {
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return nil
    case .success(let text):
      return reader.read(text, file: display, folder: Paths.folder(of: path), into: &diagnostics)
    }
  }
}

extension BuildLayer {
  /// The build with its context (default `.`) and additional context folders made absolute against `folder`.
  func rebased(onto folder: String) -> BuildLayer {
    var result = self
    let context = self.context?.value ?? Located(".", at: location)
    if !ComposeResolver.isRemote(context.value) {
      result.context = .set(Located(Paths.absolute(context.value, relativeTo: folder), at: context.location))
    }
    if var contexts = additionalContexts?.value {
      for index in contexts.entries.indices {
        guard let value = contexts.entries[index].value, !value.hasPrefix("service:"),
          !ComposeResolver.isRemote(value)
        else { continue }
        contexts.entries[index].value = Paths.absolute(value, relativeTo: folder)
      }
      result.additionalContexts = .set(contexts)
    }
    return result
  }
}

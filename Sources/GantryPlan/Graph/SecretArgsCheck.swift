import GantryCore
import GantryLoad

/// Warns about build arguments that look like secrets: build arguments are kept in the image's
/// history, where anyone who pulls the image can read them.
enum SecretArgsCheck {
  static func warn(_ service: ServiceDefinition, into diagnostics: inout DiagnosticCollector) {
    for name in service.args.keys.sorted() where Redaction.looksSecret(name) {
      let id = name.lowercased()
      diagnostics.warning(
        "build argument '\(name)' of service '\(service.name)' looks like a secret: its value is kept in the image's history",
        at: service.location,
        hint:
          "pass it as a secret (secrets: {\(id): {env: \(name)}}) and read it with RUN --mount=type=secret,id=\(id); gantry prints it as \(Redaction.mask)"
      )
    }
  }
}

import GantryCore
import GantryDockerfile

/// Parses `text` as `Dockerfile`.
func parse(_ text: String, buildArgs: [String: String] = [:]) -> Dockerfile {
  DockerfileParser.parse(text, file: "Dockerfile", buildArgs: buildArgs)
}

extension Dockerfile {
  /// The image references, in order.
  var references: [String] { imageUses.map(\.reference) }

  /// The diagnostics' messages.
  var messages: [String] { diagnostics.map(\.message) }

  /// Error diagnostics only.
  var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

  /// Warning diagnostics only.
  var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

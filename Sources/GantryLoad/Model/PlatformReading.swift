import GantryCore

extension DiagnosticCollector {
  /// Platforms as written in a file, parsed once where they enter: each that is not a platform is
  /// an error at its line, an unknown architecture or OS a warning; a platform written twice (in
  /// any spelling, `linux/arm` and `linux/arm/v7`) counts once.
  mutating func platforms(_ written: [Located<String>], what: String) -> [Platform] {
    var platforms: [Platform] = []
    for text in written {
      let (platform, diagnostics) = Platform.parse(text.value, what: what, at: text.location)
      append(contentsOf: diagnostics)
      if let platform, !platforms.contains(platform) { platforms.append(platform) }
    }
    return platforms
  }
}

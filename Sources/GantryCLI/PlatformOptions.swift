import ArgumentParser
import GantryCore
import GantryPlan

/// `--platform` and `--push`, shared by `plan` and `build`.
struct PlatformOptions: ParsableArguments {
  @Option(
    name: .customLong("platform"),
    help: ArgumentHelp(
      "Build only these platforms (os/arch[/variant], comma-separated): narrows each service's platforms; services that list none get these.",
      valueName: "platforms"))
  var platforms: [String] = []

  @Flag(
    help:
      "Push every image to its registry (buildx) instead of loading it; per-platform images then get a manifest list.")
  var push = false

  /// The platforms given, split at commas; nil without `--platform`.
  var requested: [String]? {
    let list = platforms.flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }.filter {
      !$0.isEmpty
    }
    return platforms.isEmpty ? nil : list
  }

  func validate() throws {
    for platform in requested ?? [] where Platform(platform) == nil {
      throw ValidationError("--platform: '\(platform)' is not a platform; \(Platform.formHint)")
    }
    if requested?.isEmpty == true { throw ValidationError("--platform needs at least one platform") }
  }

  /// The platforms, parsed once (`validate` has refused any that is not one); an unknown
  /// architecture or OS is printed as a warning.
  var options: MultiArchOptions {
    let parsed = requested?.compactMap { text -> Platform? in
      let (platform, diagnostics) = Platform.parse(text, what: "--platform", at: nil)
      for diagnostic in diagnostics { Terminal.printError(diagnostic.description) }
      return platform
    }
    return MultiArchOptions(platforms: parsed, push: push ? true : nil)
  }
}

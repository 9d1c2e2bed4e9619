import GantryCore
import GantryLoad

/// The builders of a plan and which of them may run a job.
///
/// A job may run on every builder that runs all of its platforms natively (in the order the
/// `builders:` section lists them); when none does, only on the default builder, and it is then
/// emulated. Which candidate it actually runs on is decided when it starts: the one with a free slot
/// that already holds the most of its dependencies' images, then the least loaded (docs/multi-arch.md).
public struct BuilderRouting: Sendable {
  public var builders: [PlannedBuilder]

  public init(builders: [PlannedBuilder]) {
    precondition(!builders.isEmpty, "a plan has at least one builder")
    self.builders = builders
  }

  /// The manifest's builders, or the implicit `default` builder; errors for endpoints the backend cannot use.
  static func make(
    project: Project, backend: Backend, hostPlatform: Platform, diagnostics: inout DiagnosticCollector
  ) -> BuilderRouting {
    guard !project.builders.isEmpty else {
      return BuilderRouting(builders: [PlannedBuilder.implicitDefault(platform: hostPlatform)])
    }
    let marked = project.builders.first(where: \.isDefault)?.name ?? project.builders[0].name
    let builders = project.builders.map { definition in
      PlannedBuilder(
        name: definition.name, platforms: definition.platforms,
        concurrency: definition.concurrency, endpoint: definition.endpoint, isDefault: definition.name == marked)
    }
    for definition in project.builders {
      guard case .buildxBuilder(let name) = definition.endpoint, backend != .buildx else { continue }
      diagnostics.error(
        "builder '\(definition.name)' is the buildx builder '\(name)', which the \(backend.rawValue) backend cannot use",
        at: definition.location,
        hint: "use --backend buildx, or reach the machine with docker_host: or docker_context: instead")
    }
    return BuilderRouting(builders: builders)
  }

  /// The builder that takes jobs no builder runs natively.
  public var defaultBuilder: PlannedBuilder { builders.first(where: \.isDefault) ?? builders[0] }

  public func builder(named name: String) -> PlannedBuilder? { builders.first { $0.name == name } }

  /// The builders that may run a build for `platforms`, and whether it is emulated there.
  ///
  /// A build without platforms targets its engine's own platform: it is routed as a build for the
  /// default builder's first platform, so every candidate produces the same image.
  public func candidates(for platforms: [Platform]) -> (names: [String], emulated: Bool) {
    let wanted = platforms.isEmpty ? Array(defaultBuilder.platforms.prefix(1)) : platforms
    let native = builders.filter { builder in wanted.allSatisfy(builder.runsNatively) }
    if !native.isEmpty { return (native.map(\.name), false) }
    return ([defaultBuilder.name], true)
  }

  /// The platforms of `platforms` that `builder` does not run natively.
  public func foreign(_ platforms: [Platform], on builder: PlannedBuilder) -> [Platform] {
    platforms.filter { !builder.runsNatively($0) }
  }
}

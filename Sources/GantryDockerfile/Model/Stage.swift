import GantryCore

/// One build stage: a `FROM` instruction and everything up to the next one.
public struct Stage: Sendable, Hashable {
  /// The stage's position, counting `FROM` instructions from 0 (what `COPY --from=<index>` refers to).
  public var index: Int
  /// The `AS` name, lower-cased as BuildKit stores it (`COPY --from=` and `--target` compare
  /// case-insensitively; `FROM` matches it only as written in lower case).
  public var name: String?
  /// The base image text as written, e.g. `${BASE}:1`.
  public var baseWritten: String
  /// The base after substitution of global arguments, e.g. `acme/base:1`.
  public var base: String
  /// The `--platform=` value as written, e.g. `$BUILDPLATFORM`.
  public var platformWritten: String?
  /// Where the `FROM` instruction starts.
  public var location: SourceLocation
  /// True when the base names an earlier stage rather than an image.
  public var baseIsStage: Bool
  /// The lines of its `RUN` instructions: the steps that execute the platform's binaries (and so
  /// run under emulation when the builder does not run that platform).
  public var runLines: [Int] = []

  public init(
    index: Int, name: String?, baseWritten: String, base: String, platformWritten: String?,
    location: SourceLocation, baseIsStage: Bool
  ) {
    self.index = index
    self.name = name
    self.baseWritten = baseWritten
    self.base = base
    self.platformWritten = platformWritten
    self.location = location
    self.baseIsStage = baseIsStage
  }

  /// True when the stage's platform is the build platform (`--platform=$BUILDPLATFORM` or `${BUILDPLATFORM}`), i.e. it cross-compiles instead of emulating.
  public var usesBuildPlatform: Bool {
    guard let platform = platformWritten?.trimmingWhitespace() else { return false }
    return platform == "$BUILDPLATFORM" || platform == "${BUILDPLATFORM}"
  }

  /// True for `FROM scratch`, which starts from an empty filesystem and pulls nothing.
  public var isScratch: Bool { !baseIsStage && base == "scratch" }
}

import GantryCore

/// One reference to an external image (not a stage of the same file).
public struct ImageUse: Sendable, Hashable {
  /// The instruction that references the image.
  public enum Kind: String, Sendable, Codable {
    case from = "FROM"
    case copyFrom = "COPY --from"
    case mountFrom = "RUN --mount from"
  }

  public var kind: Kind
  /// The image after argument substitution, otherwise as written (not normalised).
  public var reference: String
  /// Where the reference text starts.
  public var location: SourceLocation
  /// The index of the stage the reference occurs in.
  public var stageIndex: Int

  public init(kind: Kind, reference: String, location: SourceLocation, stageIndex: Int) {
    self.kind = kind
    self.reference = reference
    self.location = location
    self.stageIndex = stageIndex
  }

  /// The reference in the form Docker compares, or nil when it is not a valid image reference.
  public var image: ImageReference? { ImageReference(reference) }
}

/// A service's limits (`max_duration`, `max_image_size`), from `defaults` and the service: a build
/// over one is reported as a warning, or fails the run under `gantry build --enforce-budgets`.
public struct Budgets: Hashable, Sendable {
  /// The longest a build should take, in seconds.
  public var maxDurationSeconds: Double?
  /// The largest the image should be, in bytes.
  public var maxImageSizeBytes: Int64?

  public init(maxDurationSeconds: Double? = nil, maxImageSizeBytes: Int64? = nil) {
    self.maxDurationSeconds = maxDurationSeconds
    self.maxImageSizeBytes = maxImageSizeBytes
  }

  public var isEmpty: Bool { maxDurationSeconds == nil && maxImageSizeBytes == nil }
}

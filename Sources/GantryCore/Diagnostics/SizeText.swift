import Foundation

/// Sizes as people write them in manifests (`500MB`, `1.2GiB`, `800k`) and as gantry prints them.
///
/// Decimal units are powers of 1000 (`kB`, `MB`, `GB`, `TB`, as `docker images` prints sizes and as
/// BuildKit reports transfers); binary units are powers of 1024 (`KiB`, `MiB`, `GiB`, `TiB`).
/// Units are case-insensitive, the `B` is optional (`500M`), and a bare number is bytes.
public enum SizeText {
  /// Bytes, or nil when the text is not a size (negative, empty, unknown unit, too large).
  public static func bytes(_ text: String) -> Int64? {
    let text = text.trimmingWhitespace()
    let digits = text.prefix { $0.isNumber || $0 == "." }
    guard !digits.isEmpty, let number = Double(digits), number >= 0 else { return nil }
    let unit = String(text.dropFirst(digits.count)).trimmingWhitespace().lowercased()
    guard let scale = scales[unit] else { return nil }
    let value = (number * scale).rounded()
    guard value.isFinite, value < 9.2e18 else { return nil }
    return Int64(value)
  }

  static let scales: [String: Double] = [
    "": 1, "b": 1,
    "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
    "ki": 1024, "kib": 1024, "mi": 1_048_576, "mib": 1_048_576,
    "gi": 1_073_741_824, "gib": 1_073_741_824, "ti": 1_099_511_627_776, "tib": 1_099_511_627_776,
  ]

  /// `512B`, `2.3kB`, `45.1MB`, `1.20GB`: decimal units, three significant digits, as `docker images`.
  public static func display(_ bytes: Int64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB", "PB"]
    var value = Double(bytes)
    var index = 0
    while value >= 999.5, index < units.count - 1 {
      value /= 1000
      index += 1
    }
    if index == 0 { return "\(bytes)B" }
    let format = value >= 99.95 ? "%.0f" : value >= 9.995 ? "%.1f" : "%.2f"
    return String(format: format, value) + units[index]
  }
}

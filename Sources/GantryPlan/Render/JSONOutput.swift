import Foundation

/// Machine output: sorted keys, pretty printed, no escaped slashes, a final newline, so it diffs cleanly.
public enum JSONOutput {
  public static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

import Crypto

/// A canonical byte encoding for digests: every field is tagged and length-prefixed, so no two
/// different values encode the same way, whatever bytes names and values contain.
struct CanonicalEncoder {
  private(set) var bytes: [UInt8] = []

  init(version: String) {
    field("version", Array(version.utf8))
  }

  mutating func field(_ tag: String, _ value: [UInt8]) {
    lengthPrefixed(Array(tag.utf8))
    lengthPrefixed(value)
  }

  mutating func field(_ tag: String, _ value: String) { field(tag, Array(value.utf8)) }

  mutating func field(_ tag: String, _ value: UInt64) { field(tag, Array(String(value).utf8)) }

  /// A list: its count, then each element's fields.
  mutating func list<T>(_ tag: String, _ values: [T], _ each: (inout CanonicalEncoder, T) -> Void) {
    field(tag, UInt64(values.count))
    for value in values { each(&self, value) }
  }

  private mutating func lengthPrefixed(_ value: [UInt8]) {
    bytes += Array(String(value.count).utf8)
    bytes.append(UInt8(ascii: ":"))
    bytes += value
  }

  /// `sha256:` and the hex digest of the encoding.
  var digest: String { "sha256:" + FileHasher.hex(SHA256.hash(data: bytes)) }
}

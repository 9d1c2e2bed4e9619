import Crypto

/// A canonical byte encoding for digests: every field is a tag and a value, each preceded by its
/// length as 8 little-endian bytes, so no two different values encode the same way, whatever bytes
/// names and values contain. The bytes are hashed as they are produced.
struct CanonicalEncoder {
  private var hasher = SHA256()
  private var buffer: [UInt8] = []

  init(version: String) {
    buffer.reserveCapacity(1 << 16)
    field("version", Array(version.utf8))
  }

  mutating func field(_ tag: String, _ value: [UInt8]) {
    lengthPrefixed(tag.utf8)
    lengthPrefixed(value)
  }

  mutating func field(_ tag: String, _ value: String) {
    lengthPrefixed(tag.utf8)
    lengthPrefixed(value.utf8)
  }

  mutating func field(_ tag: String, _ value: UInt64) {
    lengthPrefixed(tag.utf8)
    appendLength(8)
    appendLength(value)
  }

  /// A list: its count, then each element's fields.
  mutating func list<T>(_ tag: String, _ values: [T], _ each: (inout CanonicalEncoder, T) -> Void) {
    field(tag, UInt64(values.count))
    for value in values { each(&self, value) }
  }

  private mutating func lengthPrefixed<C: Collection>(_ value: C) where C.Element == UInt8 {
    appendLength(UInt64(value.count))
    buffer.append(contentsOf: value)
    if buffer.count >= 1 << 16 { flush() }
  }

  private mutating func appendLength(_ value: UInt64) {
    withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
  }

  private mutating func flush() {
    hasher.update(data: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// `sha256:` and the hex digest of the encoding.
  var digest: String {
    var copy = self
    copy.flush()
    return "sha256:" + FileHasher.hex(copy.hasher.finalize())
  }
}

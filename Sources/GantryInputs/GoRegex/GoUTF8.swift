/// UTF-8 decoding as Go does it: an invalid or truncated sequence decodes to U+FFFD and advances
/// one byte, so paths and patterns that are not valid UTF-8 are read the way the sender reads them.
enum GoUTF8 {
  static let replacement: UInt32 = 0xFFFD

  /// The scalar at `index` and how many bytes it takes.
  @inline(__always)
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
    let b0 = bytes[index]
    if b0 < 0x80 { return (UInt32(b0), 1) }
    let count = bytes.count - index
    func cont(_ offset: Int) -> UInt32? {
      guard offset < count else { return nil }
      let byte = bytes[index + offset]
      return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
    }
    if b0 >= 0xC2, b0 <= 0xDF, let c1 = cont(1) {
      return ((UInt32(b0 & 0x1F) << 6) | c1, 2)
    }
    if b0 >= 0xE0, b0 <= 0xEF, let c1 = cont(1), let c2 = cont(2) {
      let value = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
      if value >= 0x800, !(0xD800...0xDFFF).contains(value) { return (value, 3) }
      return (replacement, 1)
    }
    if b0 >= 0xF0, b0 <= 0xF4, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
      let value = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
      if value >= 0x10000, value <= 0x10FFFF { return (value, 4) }
    }
    return (replacement, 1)
  }

  /// Every scalar of `bytes`, Go-style.
  static func scalars(_ bytes: [UInt8]) -> [UInt32] {
    bytes.withUnsafeBufferPointer { buffer in
      var result: [UInt32] = []
      result.reserveCapacity(buffer.count)
      var index = 0
      while index < buffer.count {
        let (scalar, width) = decode(buffer, at: index)
        result.append(scalar)
        index += width
      }
      return result
    }
  }

  /// The UTF-8 encoding of a scalar (U+FFFD for a surrogate or out-of-range value).
  static func encode(_ scalar: UInt32) -> [UInt8] {
    guard let value = Unicode.Scalar(scalar) else { return [0xEF, 0xBF, 0xBD] }
    return Array(String(Character(value)).utf8)
  }
}

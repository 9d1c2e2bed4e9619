import Foundation

/// The text compose v2 gives an unquoted YAML number or boolean used as a string (`args`, `labels`).
///
/// Compose v2 reads YAML with Go's yaml.v3 and prints the value it resolved with Go's `fmt.Sprint`:
/// `1.50` → `1.5`, `0755` → `493` (YAML 1.1 octal, still read so), `0x1F` → `31`, `1_000` → `1000`,
/// `1e3` → `1000`, `1.0` → `1`, `1e6` → `1e+06`, `True` → `true`. Compose v1 (Python, YAML 1.1)
/// agrees on most but keeps `1.0`, writes `1000000.0`, `True`, and leaves `1e3` and `0o17` as written;
/// gantry follows v2. A quoted value is always kept as written.
enum ComposeScalar {
  static func text(ofPlain text: String) -> String {
    switch text {
    case "true", "True", "TRUE": return "true"
    case "false", "False", "FALSE": return "false"
    default: break
    }
    guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return text }
    let plain = text.replacingOccurrences(of: "_", with: "")
    if let integer = integer(plain) { return String(integer) }
    if isYAMLFloat(plain), let value = Double(plain) { return goFloat(value) }
    return text
  }

  /// Go's `strconv.ParseInt(text, 0, 64)`: a sign, then `0x`, `0o`, `0b`, a leading `0` (octal) or decimal.
  static func integer(_ text: String) -> Int64? {
    var body = Substring(text)
    var negative = false
    if let sign = body.first, sign == "-" || sign == "+" {
      negative = sign == "-"
      body = body.dropFirst()
    }
    let radix: Int
    switch body.prefix(2).lowercased() {
    case "0x": radix = 16; body = body.dropFirst(2)
    case "0o": radix = 8; body = body.dropFirst(2)
    case "0b": radix = 2; body = body.dropFirst(2)
    default: radix = body.count > 1 && body.first == "0" ? 8 : 10
    }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }), let magnitude = UInt64(body, radix: radix)
    else { return nil }
    if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// yaml.v3's float form: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
  static func isYAMLFloat(_ text: String) -> Bool {
    var scalars = Substring(text)
    if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
    let digits = { (s: inout Substring) -> Int in
      let count = s.prefix { $0.isASCII && $0.isNumber }.count
      s = s.dropFirst(count)
      return count
    }
    let whole = digits(&scalars)
    if scalars.first == "." {
      scalars = scalars.dropFirst()
      let fraction = digits(&scalars)
      if whole == 0 && fraction == 0 { return false }
    } else if whole == 0 {
      return false
    }
    if scalars.first == "e" || scalars.first == "E" {
      scalars = scalars.dropFirst()
      if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
      if digits(&scalars) == 0 { return false }
    }
    return scalars.isEmpty
  }

  /// Go's `fmt.Sprint(float64)`: the shortest digits, in exponent form when the exponent is below -4 or
  /// at least 6 (`1e+06`, `1.5e-05`).
  static func goFloat(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let sign = value.sign == .minus ? "-" : ""
    // Swift's description has the shortest round-trip digits too; only the layout differs.
    let description = String(describing: value.magnitude)
    var mantissa = Substring(description)
    var exponent = 0
    if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = description[..<e]
      exponent = Int(description[description.index(after: e)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let whole = parts.first.map(String.init) ?? ""
    var digits = whole + (parts.count > 1 ? String(parts[1]) : "")
    var point = whole.count + exponent
    while digits.count > 1, digits.first == "0" {
      digits.removeFirst()
      point -= 1
    }
    while digits.count > 1, digits.last == "0" { digits.removeLast() }
    if digits == "0" { return sign + "0" }
    let x = point - 1
    if x < -4 || x >= 6 {
      let rest = digits.dropFirst()
      let exponentText = (x < 0 ? "-" : "+") + (abs(x) < 10 ? "0" : "") + String(abs(x))
      return sign + String(digits.prefix(1)) + (rest.isEmpty ? "" : "." + rest) + "e" + exponentText
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
    if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
    let index = digits.index(digits.startIndex, offsetBy: point)
    return sign + digits[..<index] + "." + digits[index...]
  }
}

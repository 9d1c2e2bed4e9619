/// A container image reference reduced to the form Docker compares:
/// `x`, `x:latest`, `library/x` and `docker.io/library/x:latest` are all the same image.
///
/// It accepts exactly what Docker's reference grammar (`distribution/reference`) accepts and
/// normalises as Docker does: `index.docker.io` is `docker.io`, but `registry-1.docker.io` is a
/// registry of its own name (Docker pulls from it, yet it is not the same reference).
public struct ImageReference: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Registry host as written (with its port); `docker.io` when none is written.
  public var registry: String
  /// Repository path; Docker Hub's single-name images gain `library/`.
  public var repository: String
  /// Tag; `latest` when neither tag nor digest is written.
  public var tag: String?
  public var digest: String?

  /// The longest name (registry and path, without tag or digest) Docker accepts.
  public static let maximumNameLength = 255

  /// Parses a reference; nil for text Docker refuses (`x___y`, `foo:bar/x`, `x:-tag`, `Upper/Case` paths).
  public init?(_ text: String) {
    let text = text.trimmingWhitespace()
    guard !text.isEmpty else { return nil }
    var remainder = Substring(text)
    var digest: String?
    if let at = remainder.firstIndex(of: "@") {
      let written = remainder[remainder.index(after: at)...]
      guard Self.isDigest(written) else { return nil }
      digest = String(written)
      remainder = remainder[..<at]
    }
    // A tag is the part after the last ':' that comes after the last '/'.
    var tag: String?
    let lastSlash = remainder.lastIndex(of: "/")
    if let colon = remainder.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
      let written = remainder[remainder.index(after: colon)...]
      guard Self.isTag(written) else { return nil }
      tag = String(written)
      remainder = remainder[..<colon]
    }
    guard !remainder.isEmpty, remainder.utf8.count <= Self.maximumNameLength else { return nil }
    // Docker's splitDockerDomain: the first component is a registry when it has a '.' or ':', is
    // `localhost`, or has a capital letter.
    var registry = "docker.io"
    var path = remainder
    if let slash = remainder.firstIndex(of: "/") {
      let first = remainder[..<slash]
      if first.contains(where: { $0 == "." || $0 == ":" || ("A"..."Z").contains($0) }) || first == "localhost" {
        guard Self.isDomain(first) else { return nil }
        registry = String(first)
        path = remainder[remainder.index(after: slash)...]
      }
    }
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    guard components.allSatisfy(Self.isPathComponent) else { return nil }
    // A bare 64-digit hex name would read as an image id.
    if registry == "docker.io", components.count == 1, components[0].utf8.count == 64,
      components[0].utf8.allSatisfy(Self.isHexDigit)
    {
      return nil
    }
    if registry == "index.docker.io" { registry = "docker.io" }
    var repository = String(path)
    if registry == "docker.io", components.count == 1 { repository = "library/" + repository }
    self.registry = registry
    self.repository = repository
    self.digest = digest
    self.tag = tag ?? (digest == nil ? "latest" : nil)
  }

  /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
  private static func isPathComponent(_ component: Substring) -> Bool {
    let bytes = Array(component.utf8)
    var index = 0
    var previousWasAlphanumeric = false
    while index < bytes.count {
      let byte = bytes[index]
      if isLowerAlphanumeric(byte) {
        previousWasAlphanumeric = true
        index += 1
        continue
      }
      guard previousWasAlphanumeric else { return false }
      var end = index
      switch byte {
      case UInt8(ascii: "."): end += 1
      case UInt8(ascii: "_"): end += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "_") ? 2 : 1
      case UInt8(ascii: "-"): while end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
      default: return false
      }
      guard end < bytes.count, isLowerAlphanumeric(bytes[end]) else { return false }
      index = end
      previousWasAlphanumeric = false
    }
    return previousWasAlphanumeric
  }

  /// A host name (`[a-zA-Z0-9]` components joined by '.', '-' inside), an IPv4 address or a
  /// bracketed IPv6 address, with an optional numeric port.
  private static func isDomain(_ domain: Substring) -> Bool {
    var host = domain
    if domain.hasPrefix("[") {
      guard let close = domain.firstIndex(of: "]") else { return false }
      let inside = domain[domain.index(after: domain.startIndex)..<close]
      guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" }) else { return false }
      host = domain[domain.index(after: close)...]
      if host.isEmpty { return true }
      guard host.first == ":" else { return false }
      return isPort(host.dropFirst())
    }
    if let colon = domain.firstIndex(of: ":") {
      guard isPort(domain[domain.index(after: colon)...]) else { return false }
      host = domain[..<colon]
    }
    return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
      guard let first = label.utf8.first, let last = label.utf8.last else { return false }
      return isAlphanumeric(first) && isAlphanumeric(last)
        && label.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
  }

  private static func isPort(_ text: Substring) -> Bool {
    !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }

  /// `[\w][\w.-]{0,127}`: a word character first, at most 128 characters.
  private static func isTag(_ tag: Substring) -> Bool {
    guard let first = tag.utf8.first, isWord(first), tag.utf8.count <= 128 else { return false }
    return tag.utf8.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }

  /// `algorithm:hex`: `[A-Za-z][A-Za-z0-9]*` components joined by `+ . _ -`, then 32 or more hex digits.
  private static func isDigest(_ digest: Substring) -> Bool {
    guard let colon = digest.firstIndex(of: ":") else { return false }
    let algorithm = digest[..<colon].utf8
    let hex = digest[digest.index(after: colon)...].utf8
    guard hex.count >= 32, hex.allSatisfy(isHexDigit) else { return false }
    var expectLetter = true
    for byte in algorithm {
      if expectLetter {
        guard isLetter(byte) else { return false }
        expectLetter = false
      } else if "+._-".utf8.contains(byte) {
        expectLetter = true
      } else if !isAlphanumeric(byte) {
        return false
      }
    }
    return !algorithm.isEmpty && !expectLetter
  }

  private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
  }

  private static func isWord(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte == UInt8(ascii: "_")
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      || (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "f"))
  }

  /// The fully spelt-out form, `docker.io/library/x:latest`.
  public var normalized: String {
    var text = "\(registry)/\(repository)"
    if let tag { text += ":\(tag)" }
    if let digest { text += "@\(digest)" }
    return text
  }

  /// The familiar short form Docker prints (`x:latest`, `acme/api:1`, `ghcr.io/a/b:2`).
  public var familiar: String {
    var name = repository
    if registry == "docker.io" {
      if name.hasPrefix("library/") { name.removeFirst("library/".count) }
    } else {
      name = "\(registry)/\(name)"
    }
    if let tag { name += ":\(tag)" }
    if let digest { name += "@\(digest)" }
    return name
  }

  public var description: String { normalized }

  public static func < (lhs: ImageReference, rhs: ImageReference) -> Bool {
    lhs.normalized < rhs.normalized
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
  public func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
    let end = lastIndex(where: { !isSpace($0) })!
    return String(self[start...end])
  }
}

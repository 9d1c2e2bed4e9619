/// A container image reference reduced to the form Docker compares:
/// `x`, `x:latest`, `library/x` and `docker.io/library/x:latest` are all the same image.
public struct ImageReference: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Registry host, lower-cased; `docker.io` when none is written.
  public var registry: String
  /// Repository path; Docker Hub's single-name images gain `library/`.
  public var repository: String
  /// Tag; `latest` when neither tag nor digest is written.
  public var tag: String?
  public var digest: String?

  /// Parses a reference; returns nil for text that cannot be an image reference (empty, spaces, `scratch`-like stage names are still valid).
  public init?(_ text: String) {
    let text = text.trimmingWhitespace()
    guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) else { return nil }
    var remainder = Substring(text)
    var digest: String?
    if let at = remainder.firstIndex(of: "@") {
      digest = String(remainder[remainder.index(after: at)...])
      remainder = remainder[..<at]
      if digest?.isEmpty == true { return nil }
    }
    // A tag is the part after the last ':' that comes after the last '/'.
    var tag: String?
    let lastSlash = remainder.lastIndex(of: "/")
    if let colon = remainder.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
      tag = String(remainder[remainder.index(after: colon)...])
      remainder = remainder[..<colon]
      if tag?.isEmpty == true { return nil }
    }
    var components = remainder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard !components.isEmpty, !components.contains(where: \.isEmpty) else { return nil }
    // Docker's grammar: lower-case letters, digits and separators in the path; a tag of word characters.
    let isHost = components.count > 1 && Self.looksLikeHost(components[0])
    for (index, component) in components.enumerated() {
      let allowed = index == 0 && isHost ? Self.isHostByte : Self.isPathByte
      guard component.utf8.allSatisfy(allowed) else { return nil }
    }
    if let tag, tag.utf8.count > 128 || !tag.utf8.allSatisfy(Self.isTagByte) {
      return nil
    }
    var registry = "docker.io"
    if components.count > 1 {
      let first = components[0]
      if Self.looksLikeHost(first) {
        registry = first.lowercased()
        components.removeFirst()
      }
    }
    if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
    if registry == "docker.io", components.count == 1 { components.insert("library", at: 0) }
    self.registry = registry
    self.repository = components.joined(separator: "/")
    self.digest = digest
    self.tag = tag ?? (digest == nil ? "latest" : nil)
  }

  /// A first component with a dot or a colon, or `localhost`, names a registry host.
  private static func looksLikeHost(_ component: String) -> Bool {
    component == "localhost" || component.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }
  }

  private static func isPathByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
      return true
    default: return false
    }
  }

  private static func isHostByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): return true
    default: return isPathByte(byte)
    }
  }

  private static func isTagByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return true
    default: return isPathByte(byte)
    }
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

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
    let bytes = Array(text.trimmingWhitespace().utf8)
    guard !bytes.isEmpty else { return nil }
    var end = bytes.count
    var digest: String?
    if let at = bytes.firstIndex(of: Self.at) {
      guard Self.isDigest(bytes[(at + 1)...]) else { return nil }
      digest = String(decoding: bytes[(at + 1)...], as: UTF8.self)
      end = at
    }
    // A tag is the part after the last ':' that comes after the last '/'.
    var tag: String?
    let lastSlash = bytes[..<end].lastIndex(of: Self.slash)
    if let colon = bytes[..<end].lastIndex(of: Self.colon), lastSlash.map({ colon > $0 }) ?? true {
      guard Self.isTag(bytes[(colon + 1)..<end]) else { return nil }
      tag = String(decoding: bytes[(colon + 1)..<end], as: UTF8.self)
      end = colon
    }
    guard end > 0, end <= Self.maximumNameLength else { return nil }
    // Docker's splitDockerDomain: the first component is a registry when it has a '.' or ':', is
    // `localhost`, or has a capital letter.
    var registry = "docker.io"
    var pathStart = 0
    if let slash = bytes[..<end].firstIndex(of: Self.slash) {
      let first = bytes[..<slash]
      if first.contains(where: { $0 == Self.dot || $0 == Self.colon || Self.isUpper($0) })
        || first.elementsEqual("localhost".utf8)
      {
        guard Self.isDomain(first) else { return nil }
        registry = String(decoding: first, as: UTF8.self)
        pathStart = slash + 1
      }
    }
    var components = 0
    var componentStart = pathStart
    for index in pathStart...end where index == end || bytes[index] == Self.slash {
      guard Self.isPathComponent(bytes[componentStart..<index]) else { return nil }
      components += 1
      componentStart = index + 1
    }
    // A bare 64-digit hex name would read as an image id.
    if registry == "docker.io", components == 1, end - pathStart == 64,
      bytes[pathStart..<end].allSatisfy(Self.isHexDigit)
    {
      return nil
    }
    if registry == "index.docker.io" { registry = "docker.io" }
    var repository = String(decoding: bytes[pathStart..<end], as: UTF8.self)
    if registry == "docker.io", components == 1 { repository = "library/" + repository }
    self.registry = registry
    self.repository = repository
    self.digest = digest
    self.tag = tag ?? (digest == nil ? "latest" : nil)
  }

  private static let at = UInt8(ascii: "@")
  private static let slash = UInt8(ascii: "/")
  private static let colon = UInt8(ascii: ":")
  private static let dot = UInt8(ascii: ".")
  private static let dash = UInt8(ascii: "-")
  private static let underscore = UInt8(ascii: "_")

  /// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`.
  private static func isPathComponent(_ bytes: ArraySlice<UInt8>) -> Bool {
    var index = bytes.startIndex
    var previousWasAlphanumeric = false
    while index < bytes.endIndex {
      let byte = bytes[index]
      if isLowerAlphanumeric(byte) {
        previousWasAlphanumeric = true
        index += 1
        continue
      }
      guard previousWasAlphanumeric else { return false }
      var next = index + 1
      switch byte {
      case dot: break
      case underscore: if next < bytes.endIndex, bytes[next] == underscore { next += 1 }
      case dash: while next < bytes.endIndex, bytes[next] == dash { next += 1 }
      default: return false
      }
      guard next < bytes.endIndex, isLowerAlphanumeric(bytes[next]) else { return false }
      index = next
      previousWasAlphanumeric = false
    }
    return previousWasAlphanumeric
  }

  /// A host name (`[a-zA-Z0-9]` labels joined by '.', '-' inside a label), an IPv4 address or a
  /// bracketed IPv6 address, with an optional numeric port.
  private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
    var hostEnd = domain.endIndex
    if domain.first == UInt8(ascii: "[") {
      guard let close = domain.firstIndex(of: UInt8(ascii: "]")) else { return false }
      let inside = domain[(domain.startIndex + 1)..<close]
      guard !inside.isEmpty, inside.allSatisfy({ isHexDigit($0) || $0 == colon }) else { return false }
      let rest = domain[(close + 1)...]
      return rest.isEmpty || (rest.first == colon && isPort(rest.dropFirst()))
    }
    if let colonIndex = domain.firstIndex(of: colon) {
      guard isPort(domain[(colonIndex + 1)...]) else { return false }
      hostEnd = colonIndex
    }
    var labelStart = domain.startIndex
    for index in domain.startIndex...hostEnd where index == hostEnd || domain[index] == dot {
      let label = domain[labelStart..<index]
      guard let first = label.first, let last = label.last, isAlphanumeric(first), isAlphanumeric(last),
        label.allSatisfy({ isAlphanumeric($0) || $0 == dash })
      else { return false }
      labelStart = index + 1
    }
    return true
  }

  private static func isPort(_ bytes: ArraySlice<UInt8>) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy(isDigit)
  }

  /// `[\w][\w.-]{0,127}`: a word character first, at most 128 characters.
  private static func isTag(_ tag: ArraySlice<UInt8>) -> Bool {
    guard let first = tag.first, isWord(first), tag.count <= 128 else { return false }
    return tag.allSatisfy { isWord($0) || $0 == dot || $0 == dash }
  }

  /// `algorithm:hex`: `[A-Za-z][A-Za-z0-9]*` components joined by `+ . _ -`, then 32 or more hex digits.
  private static func isDigest(_ digest: ArraySlice<UInt8>) -> Bool {
    guard let colonIndex = digest.firstIndex(of: colon) else { return false }
    let algorithm = digest[..<colonIndex]
    let hex = digest[(colonIndex + 1)...]
    guard hex.count >= 32, hex.allSatisfy(isHexDigit) else { return false }
    var expectLetter = true
    for byte in algorithm {
      if expectLetter {
        guard isLetter(byte) else { return false }
        expectLetter = false
      } else if byte == UInt8(ascii: "+") || byte == dot || byte == underscore || byte == dash {
        expectLetter = true
      } else if !isAlphanumeric(byte) {
        return false
      }
    }
    return !algorithm.isEmpty && !expectLetter
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func isUpper(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
  }

  private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || isDigit(byte)
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    isLetter(byte) || isDigit(byte)
  }

  private static func isWord(_ byte: UInt8) -> Bool {
    isAlphanumeric(byte) || byte == underscore
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    let folded = byte | 0x20
    return isDigit(byte) || (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "f"))
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

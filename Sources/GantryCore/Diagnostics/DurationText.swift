/// Durations as people write them in manifests and on the command line: `90`, `90s`, `1.5s`,
/// `500ms`, `10m`, `1h30m`.
public enum DurationText {
  /// Seconds, or nil when the text is not a duration (negative, empty, unknown unit).
  public static func seconds(_ text: String) -> Double? {
    let text = text.trimmingWhitespace().lowercased()
    guard !text.isEmpty else { return nil }
    if let plain = Double(text) { return plain >= 0 && plain.isFinite ? plain : nil }
    var total = 0.0
    var number = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character.isNumber || character == "." {
        number.append(character)
        index = text.index(after: index)
        continue
      }
      var unit = ""
      while index < text.endIndex, text[index].isLetter {
        unit.append(text[index])
        index = text.index(after: index)
      }
      let scale: Double
      switch unit {
      case "ms": scale = 0.001
      case "s": scale = 1
      case "m": scale = 60
      case "h": scale = 3600
      default: return nil
      }
      guard let value = Double(number), value >= 0 else { return nil }
      total += value * scale
      number = ""
    }
    return number.isEmpty ? total : nil
  }
}

extension Duration {
  /// The duration in seconds, as a floating-point number (for display and JSON).
  public var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}

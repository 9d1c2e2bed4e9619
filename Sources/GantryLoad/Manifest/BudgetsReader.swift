import GantryCore
import Yams

/// Reads `max_duration:` and `max_image_size:` (in `defaults` or a service) into `Budgets`, and the
/// top-level `history_limit:`.
enum BudgetsReader {
  static let keys = ["max_duration", "max_image_size"]

  /// Applies one budget entry to `budgets`; `what` names the place for messages.
  static func read(key: String, value: Node, what: String, into budgets: inout Budgets, reader: inout YAMLReader) {
    let field = "\(what).\(key)"
    switch key {
    case "max_duration":
      guard let text = reader.string(value, what: field) else { return }
      guard let seconds = DurationText.seconds(text), seconds > 0 else {
        reader.diagnostics.error(
          "\(field) must be a duration, found '\(text)'", at: reader.location(of: value),
          hint: "write seconds (90) or a duration such as 90s, 10m or 1h30m")
        return
      }
      budgets.maxDurationSeconds = seconds
    case "max_image_size":
      guard let text = reader.string(value, what: field) else { return }
      guard let bytes = SizeText.bytes(text), bytes > 0 else {
        reader.diagnostics.error(
          "\(field) must be a size, found '\(text)'", at: reader.location(of: value),
          hint: "write bytes or a size such as 500MB, 1.2GB or 800MiB")
        return
      }
      budgets.maxImageSizeBytes = bytes
    default:
      break
    }
  }

  /// `history_limit: N`: how many runs `.gantry/history.jsonl` keeps (1 to 10000).
  static func historyLimit(_ node: Node, reader: inout YAMLReader) -> Int? {
    guard let count = reader.int(node, what: "history_limit") else { return nil }
    guard (1...10_000).contains(count) else {
      reader.diagnostics.error(
        "history_limit must be between 1 and 10000, found \(count)", at: reader.location(of: node),
        hint: "the history keeps the last N runs; the default is 50")
      return nil
    }
    return count
  }
}

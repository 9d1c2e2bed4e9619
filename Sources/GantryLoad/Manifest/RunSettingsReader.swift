import GantryCore
import Yams

/// Reads `retry:`, `timeout:` and `stall_timeout:` (in `defaults` or a service) into `RunSettings`.
enum RunSettingsReader {
  static let keys = ["retry", "timeout", "stall_timeout"]
  static let retryKeys = ["retries", "backoff", "rate_limit_backoff", "on_timeout"]

  /// Applies one `retry:` or `timeout:` entry to `settings`; `what` names the place for messages.
  static func read(key: String, value: Node, what: String, into settings: inout RunSettings, reader: inout YAMLReader) {
    switch key {
    case "timeout":
      settings.timeoutSeconds = duration(value, what: "\(what).timeout", reader: &reader)
    case "stall_timeout":
      settings.stallTimeoutSeconds = duration(value, what: "\(what).stall_timeout", reader: &reader)
    case "retry":
      if case .scalar = value {
        settings.retries = retries(value, what: "\(what).retry", reader: &reader)
        return
      }
      guard let entries = reader.mapping(value, what: "\(what).retry") else { return }
      reader.rejectUnknownKeys(entries, allowed: retryKeys, in: "\(what).retry")
      for (name, node) in entries {
        let field = "\(what).retry.\(name.value)"
        switch name.value {
        case "retries": settings.retries = retries(node, what: field, reader: &reader)
        case "backoff": settings.backoffSeconds = duration(node, what: field, reader: &reader)
        case "rate_limit_backoff": settings.rateLimitBackoffSeconds = duration(node, what: field, reader: &reader)
        case "on_timeout": settings.retryTimeouts = reader.bool(node, what: field)
        default: break
        }
      }
    default:
      break
    }
  }

  static func retries(_ node: Node, what: String, reader: inout YAMLReader) -> Int? {
    guard let count = reader.int(node, what: what) else { return nil }
    guard (0...20).contains(count) else {
      reader.diagnostics.error("\(what) must be between 0 and 20, found \(count)", at: reader.location(of: node))
      return nil
    }
    return count
  }

  static func duration(_ node: Node, what: String, reader: inout YAMLReader) -> Double? {
    guard let text = reader.string(node, what: what) else { return nil }
    guard let seconds = DurationText.seconds(text), seconds > 0 else {
      reader.diagnostics.error(
        "\(what) must be a duration, found '\(text)'", at: reader.location(of: node),
        hint: "write seconds (90) or a duration such as 90s, 10m or 1h30m")
      return nil
    }
    return seconds
  }
}

import GantryCore

/// One instruction of a Dockerfile as written: keyword, builder flags, arguments and where it is.
///
/// The stage model (`Dockerfile`) answers "which images, which stages"; this listing answers
/// "what does each line do", for checks that read `RUN` text, `COPY` sources and mounts.
public struct Instruction: Sendable, Hashable {
  /// One `--name[=value]` builder flag, quotes removed.
  public struct Flag: Sendable, Hashable {
    /// The name without `--`, e.g. `mount`.
    public var name: String
    /// The value after `=`, or nil for a flag written without one.
    public var value: String?

    public init(name: String, value: String?) {
      self.name = name
      self.value = value
    }

    /// The `key=value` fields of a `--mount` value, keys lower-cased (`type` defaults to `bind`).
    public var mountFields: [String: String] {
      guard let value else { return [:] }
      var fields: [String: String] = [:]
      for field in value.split(separator: ",") {
        let parts = field.split(separator: "=", maxSplits: 1)
        let key = parts[0].lowercased().trimmingWhitespace()
        fields[key] = parts.count > 1 ? String(parts[1]).trimmingWhitespace() : "true"
      }
      if fields["type"] == nil { fields["type"] = "bind" }
      return fields
    }
  }

  /// One argument word and where it starts.
  public struct Word: Sendable, Hashable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
      self.text = text
      self.location = location
    }
  }

  /// The keyword upper-cased (`RUN`), also for an unknown one.
  public var keyword: String
  /// False for a keyword Docker does not know.
  public var isKnown: Bool
  /// The stage the instruction belongs to (a `FROM` starts its own); nil before the first `FROM`.
  public var stageIndex: Int?
  /// Builder flags, in order.
  public var flags: [Flag]
  /// The arguments after the flags, continuation lines joined as Docker joins them.
  public var arguments: String
  /// The argument words: a JSON array's strings (exec form) or words split at white space.
  public var words: [Word]
  /// True when the arguments are a JSON array of strings.
  public var isExecForm: Bool
  /// The text of the heredoc bodies that follow the instruction (empty when there are none).
  public var heredocText: String
  /// Where the instruction starts.
  public var location: SourceLocation
  /// The last physical line the instruction occupies, heredoc bodies included.
  public var endLine: Int

  public init(
    keyword: String, isKnown: Bool = true, stageIndex: Int?, flags: [Flag] = [], arguments: String,
    words: [Word] = [], isExecForm: Bool = false, heredocText: String = "", location: SourceLocation,
    endLine: Int? = nil
  ) {
    self.keyword = keyword
    self.isKnown = isKnown
    self.stageIndex = stageIndex
    self.flags = flags
    self.arguments = arguments
    self.words = words
    self.isExecForm = isExecForm
    self.heredocText = heredocText
    self.location = location
    self.endLine = endLine ?? location.line
  }

  /// The last flag called `name`.
  public func flag(_ name: String) -> Flag? { flags.last { $0.name == name } }

  /// Every flag called `name`, in order.
  public func flags(_ name: String) -> [Flag] { flags.filter { $0.name == name } }

  /// The shell text a `RUN` executes: its arguments and heredoc bodies.
  public var shellText: String { heredocText.isEmpty ? arguments : arguments + "\n" + heredocText }

  /// The line range the instruction occupies.
  public var lines: ClosedRange<Int> { location.line...max(location.line, endLine) }
}

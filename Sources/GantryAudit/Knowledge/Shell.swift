/// A simple command of a `RUN` step: its words, with leading `VAR=value` assignments and `sudo`
/// taken off, split where the shell splits commands (`&&`, `||`, `;`, `|`, `&`, new lines).
public struct ShellCommand: Sendable, Hashable {
  public var words: [String]

  /// The program's name without its folder (`/usr/bin/apt-get` → `apt-get`).
  public var program: String {
    guard let first = words.first else { return "" }
    return first.split(separator: "/").last.map(String.init) ?? first
  }

  /// The arguments after the program.
  public var arguments: ArraySlice<String> { words.dropFirst() }

  /// True when some argument equals one of `flags`.
  public func has(_ flags: String...) -> Bool { words.contains { flags.contains($0) } }

  /// The first argument that is not an option.
  public var subcommand: String? { arguments.first { !$0.hasPrefix("-") } }
}

/// Splits shell text into simple commands. It does not evaluate the shell; quoting is respected
/// so an `&&` inside quotes does not split.
public enum Shell {
  public static func commands(_ text: String) -> [ShellCommand] {
    var commands: [ShellCommand] = []
    var words: [String] = []
    var word = ""
    var quote: Character?
    var chars = Array(text)
    chars.append("\n")
    var index = 0
    func endWord() {
      if !word.isEmpty { words.append(word) }
      word = ""
    }
    func endCommand() {
      endWord()
      var kept = words.drop { $0.contains("=") && !$0.hasPrefix("-") && !$0.hasPrefix("=") }
      while let first = kept.first,
        ["sudo", "exec", "time", "env", "then", "do", "else", "{", "(", "!"].contains(first)
      {
        kept = kept.dropFirst()
        kept = kept.drop { $0.contains("=") && !$0.hasPrefix("-") }
      }
      if !kept.isEmpty { commands.append(ShellCommand(words: Array(kept))) }
      words = []
    }
    while index < chars.count {
      let c = chars[index]
      if let open = quote {
        if c == open { quote = nil } else { word.append(c) }
        index += 1
        continue
      }
      switch c {
      case "'", "\"":
        quote = c
      case "\\":
        if index + 1 < chars.count, chars[index + 1] != "\n" { word.append(chars[index + 1]) }
        index += 1
      case " ", "\t", "\r":
        endWord()
      case "\n", ";", "|", "&", "(", ")":
        endCommand()
      case "#" where word.isEmpty:
        // A comment runs to the end of the line.
        while index < chars.count, chars[index] != "\n" { index += 1 }
        endCommand()
      default:
        word.append(c)
      }
      index += 1
    }
    return commands
  }
}

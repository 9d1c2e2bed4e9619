/// A regular expression in Go's `regexp` syntax (RE2, Perl flags), parsed the way Go parses it.
///
/// Docker's clients turn each ignore pattern into a Go regular expression, and Docker 20.10's client
/// passes `+ ( ) { } |` and escapes such as `\d` through unchanged. To agree with it, gantry parses
/// that text with Go's rules (what is an error, what a `{` means, which classes exist) rather than
/// with another engine's.
indirect enum GoRegexNode: Sendable, Hashable {
  case empty
  /// Any scalar in the ranges (already negated where the syntax said so).
  case set([ClosedRange<UInt32>])
  case assertion(GoRegexAssertion)
  case concat([GoRegexNode])
  case alternate([GoRegexNode])
  /// `max == nil` repeats without bound.
  case repetition(GoRegexNode, min: Int, max: Int?)
}

enum GoRegexAssertion: Sendable, Hashable {
  case beginText, endText, wordBoundary, notWordBoundary
}

/// Why Go's `regexp.Compile` rejects an expression, or why gantry cannot evaluate it.
struct GoRegexError: Error, Sendable, Equatable {
  var message: String
  /// True when Go accepts the expression but gantry does not evaluate it (e.g. `\p{Greek}`).
  var unsupported = false
}

/// Go's `regexp/syntax` parser with the flags `regexp.Compile` uses (`Perl`: one-line `^ $`,
/// classes that match `\n`, Perl extensions, Unicode groups).
struct GoRegexParser {
  private var text: [UInt32]
  private var index = 0

  static func parse(_ scalars: [UInt32]) throws(GoRegexError) -> GoRegexNode {
    var parser = GoRegexParser(text: scalars)
    return try parser.parseAll()
  }

  private init(text: [UInt32]) { self.text = text }

  private var atEnd: Bool { index >= text.count }
  private func peek(_ offset: Int = 0) -> UInt32? {
    index + offset < text.count ? text[index + offset] : nil
  }
  static func ch(_ c: Character) -> UInt32 { c.unicodeScalars.first!.value }

  /// One open group or the top level: finished alternatives and the terms of the current one.
  private struct Frame {
    var alternatives: [GoRegexNode] = []
    var terms: [GoRegexNode] = []
  }

  private mutating func parseAll() throws(GoRegexError) -> GoRegexNode {
    var stack: [Frame] = [Frame()]
    var lastWasRepeat = false
    while let c = peek() {
      var isRepeat = false
      switch c {
      case Self.ch("("):
        if peek(1) == Self.ch("?") {
          throw GoRegexError(message: "group flags (?…) are not evaluated", unsupported: true)
        }
        index += 1
        stack.append(Frame())
      case Self.ch("|"):
        index += 1
        let top = stack.count - 1
        stack[top].alternatives.append(.concat(stack[top].terms))
        stack[top].terms = []
      case Self.ch(")"):
        index += 1
        guard stack.count > 1, let frame = stack.popLast() else {
          throw GoRegexError(message: "unexpected )")
        }
        stack[stack.count - 1].terms.append(Self.close(frame))
      case Self.ch("^"):
        index += 1
        stack[stack.count - 1].terms.append(.assertion(.beginText))
      case Self.ch("$"):
        index += 1
        stack[stack.count - 1].terms.append(.assertion(.endText))
      case Self.ch("."):
        index += 1
        stack[stack.count - 1].terms.append(.set([0...9, 11...0x10FFFF]))
      case Self.ch("["):
        stack[stack.count - 1].terms.append(try parseClass())
      case Self.ch("*"), Self.ch("+"), Self.ch("?"):
        index += 1
        if peek() == Self.ch("?") { index += 1 }
        if lastWasRepeat { throw GoRegexError(message: "invalid nested repetition operator") }
        let (min, max): (Int, Int?) = c == Self.ch("*") ? (0, nil) : c == Self.ch("+") ? (1, nil) : (0, 1)
        try applyRepeat(&stack, min: min, max: max)
        isRepeat = true
      case Self.ch("{"):
        guard let (min, max, end) = parseRepeatBraces() else {
          index += 1
          stack[stack.count - 1].terms.append(.set([c...c]))
          break
        }
        if min < 0 || min > 1000 || (max ?? 0) > 1000 || (max ?? 0) < 0 || (max.map { min > $0 } ?? false) {
          throw GoRegexError(message: "invalid repeat count")
        }
        index = end
        if peek() == Self.ch("?") { index += 1 }
        if lastWasRepeat { throw GoRegexError(message: "invalid nested repetition operator") }
        try applyRepeat(&stack, min: min, max: max)
        isRepeat = true
      case Self.ch("\\"):
        stack[stack.count - 1].terms.append(contentsOf: try parseBackslash())
      default:
        index += 1
        stack[stack.count - 1].terms.append(.set([c...c]))
      }
      lastWasRepeat = isRepeat
    }
    guard stack.count == 1, let frame = stack.first else { throw GoRegexError(message: "missing closing )") }
    return Self.close(frame)
  }

  private static func close(_ frame: Frame) -> GoRegexNode {
    if frame.alternatives.isEmpty { return .concat(frame.terms) }
    return .alternate(frame.alternatives + [.concat(frame.terms)])
  }

  private func applyRepeat(_ stack: inout [Frame], min: Int, max: Int?) throws(GoRegexError) {
    let top = stack.count - 1
    guard let last = stack[top].terms.popLast() else {
      throw GoRegexError(message: "missing argument to repetition operator")
    }
    stack[top].terms.append(.repetition(last, min: min, max: max))
  }

  /// `{n}`, `{n,}` or `{n,m}` at the current position: (min, max, index after `}`), or nil when the
  /// text is not a repetition (then Go reads `{` as a literal). `max` nil means unbounded; -1 marks
  /// a number too large to read.
  private func parseRepeatBraces() -> (Int, Int?, Int)? {
    var position = index + 1
    func number() -> Int?? {
      let start = position
      while position < text.count, text[position] >= 0x30, text[position] <= 0x39 { position += 1 }
      guard position > start else { return .none }
      if position - start >= 2, text[start] == 0x30 { return .none }  // no leading zeros
      if position - start > 8 { return .some(-1) }
      var value = 0
      for digit in text[start..<position] { value = value * 10 + Int(digit - 0x30) }
      return .some(value)
    }
    guard let minimum = number(), let min = minimum else { return nil }
    var max: Int? = min
    if position < text.count, text[position] == Self.ch(",") {
      position += 1
      if position < text.count, text[position] == Self.ch("}") {
        max = nil
      } else {
        guard let maximum = number(), let value = maximum else { return nil }
        max = value
      }
    }
    guard position < text.count, text[position] == Self.ch("}") else { return nil }
    return (min, max, position + 1)
  }

  private mutating func parseBackslash() throws(GoRegexError) -> [GoRegexNode] {
    if let next = peek(1) {
      switch next {
      case Self.ch("A"):
        index += 2
        return [.assertion(.beginText)]
      case Self.ch("z"):
        index += 2
        return [.assertion(.endText)]
      case Self.ch("b"):
        index += 2
        return [.assertion(.wordBoundary)]
      case Self.ch("B"):
        index += 2
        return [.assertion(.notWordBoundary)]
      case Self.ch("C"):
        throw GoRegexError(message: "invalid escape sequence: \\C")
      case Self.ch("Q"):
        index += 2
        var literal: [GoRegexNode] = []
        while let c = peek() {
          if c == Self.ch("\\"), peek(1) == Self.ch("E") {
            index += 2
            break
          }
          literal.append(.set([c...c]))
          index += 1
        }
        return literal
      case Self.ch("p"), Self.ch("P"):
        throw GoRegexError(message: "Unicode classes (\\p) are not evaluated", unsupported: true)
      default: break
      }
      if let perl = Self.perlClass(next) {
        index += 2
        return [.set(perl)]
      }
    }
    let scalar = try parseEscape()
    return [.set([scalar...scalar])]
  }

  /// Go's `parseEscape`: the scalar an escape stands for, starting at the `\`.
  private mutating func parseEscape() throws(GoRegexError) -> UInt32 {
    index += 1
    guard let c = peek() else { throw GoRegexError(message: "trailing backslash at end of expression") }
    index += 1
    func invalid() -> GoRegexError { GoRegexError(message: "invalid escape sequence") }
    switch c {
    case Self.ch("1")...Self.ch("7"), Self.ch("0"):
      if c != Self.ch("0") {
        guard let next = peek(), next >= 0x30, next <= 0x37 else { throw invalid() }
      }
      var value = c - 0x30
      for _ in 1..<3 {
        guard let next = peek(), next >= 0x30, next <= 0x37 else { break }
        value = value * 8 + next - 0x30
        index += 1
      }
      return value
    case Self.ch("x"):
      guard let first = peek() else { throw invalid() }
      index += 1
      if first == Self.ch("{") {
        var value: UInt32 = 0
        var digits = 0
        while true {
          guard let d = peek() else { throw invalid() }
          index += 1
          if d == Self.ch("}") { break }
          guard let v = Self.hex(d) else { throw invalid() }
          value = value * 16 + v
          if value > 0x10FFFF { throw invalid() }
          digits += 1
        }
        if digits == 0 { throw invalid() }
        return value
      }
      guard let second = peek(), let x = Self.hex(first), let y = Self.hex(second) else { throw invalid() }
      index += 1
      return x * 16 + y
    case Self.ch("a"): return 7
    case Self.ch("f"): return 12
    case Self.ch("n"): return 10
    case Self.ch("r"): return 13
    case Self.ch("t"): return 9
    case Self.ch("v"): return 11
    default:
      if c < 0x80, !Self.isAlnum(c) { return c }
      throw invalid()
    }
  }

  /// Go's `parseClass`, starting at `[`.
  private mutating func parseClass() throws(GoRegexError) -> GoRegexNode {
    index += 1
    var negated = false
    if peek() == Self.ch("^") {
      negated = true
      index += 1
    }
    var ranges: [ClosedRange<UInt32>] = []
    var first = true
    while first || peek() != Self.ch("]") {
      guard let c = peek() else { throw GoRegexError(message: "missing closing ]") }
      first = false
      if c == Self.ch("["), peek(1) == Self.ch(":"), index + 2 < text.count {
        if let (named, end) = try namedClass() {
          ranges += named
          index = end
          continue
        }
      }
      if c == Self.ch("\\"), let next = peek(1) {
        if next == Self.ch("p") || next == Self.ch("P") {
          throw GoRegexError(message: "Unicode classes (\\p) are not evaluated", unsupported: true)
        }
        if let perl = Self.perlClass(next) {
          ranges += perl
          index += 2
          continue
        }
      }
      let lo = try classChar()
      var hi = lo
      if peek() == Self.ch("-"), let after = peek(1), after != Self.ch("]") {
        index += 1
        hi = try classChar()
        if hi < lo { throw GoRegexError(message: "invalid character class range") }
      }
      ranges.append(lo...hi)
    }
    index += 1
    return .set(negated ? Self.negate(ranges) : Self.normalize(ranges))
  }

  private mutating func classChar() throws(GoRegexError) -> UInt32 {
    guard let c = peek() else { throw GoRegexError(message: "missing closing ]") }
    if c == Self.ch("\\") { return try parseEscape() }
    index += 1
    return c
  }

  /// `[:alpha:]` and friends (ASCII, as in Go); nil when the text is not of that form.
  private func namedClass() throws(GoRegexError) -> ([ClosedRange<UInt32>], Int)? {
    var position = index + 2
    while position + 1 < text.count, !(text[position] == Self.ch(":") && text[position + 1] == Self.ch("]")) {
      position += 1
    }
    guard position + 1 < text.count else { return nil }
    var name = ""
    name.unicodeScalars.append(contentsOf: text[(index + 2)..<position].compactMap { Unicode.Scalar($0) })
    let negated = name.hasPrefix("^")
    guard let ranges = Self.posixClasses[negated ? String(name.dropFirst()) : name] else {
      throw GoRegexError(message: "invalid character class range")
    }
    return (negated ? Self.negate(ranges) : ranges, position + 2)
  }
}

import Synchronization

/// A compiled Go regular expression answering Go's `MatchString`: does it match anywhere in the text.
///
/// The expression becomes a Thompson NFA, simulated as a lazily built DFA (state sets cached per
/// input scalar), so a match costs one table step per scalar and nothing backtracks. Expressions
/// with `\b` or `\B` are simulated on the NFA directly.
final class GoRegex: Sendable {
  enum Instruction: Sendable {
    case set([ClosedRange<UInt32>])
    case split(Int, Int)
    case jump(Int)
    case assertion(GoRegexAssertion)
    case match
  }

  let program: [Instruction]
  private let usesWordBoundary: Bool
  private let dfa = Mutex(LazyDFA())

  /// The largest program compiled; bigger counted repetitions are refused rather than expanded.
  static let maximumInstructions = 250_000

  init(_ node: GoRegexNode) throws(GoRegexError) {
    var compiler = Compiler()
    try compiler.emit(node)
    compiler.program.append(.match)
    program = compiler.program
    usesWordBoundary = program.contains {
      if case .assertion(let kind) = $0 { return kind == .wordBoundary || kind == .notWordBoundary }
      return false
    }
  }

  convenience init(scalars: [UInt32]) throws(GoRegexError) {
    try self.init(GoRegexParser.parse(scalars))
  }

  /// Whether the expression matches somewhere in `bytes` (decoded as Go decodes UTF-8).
  func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if usesWordBoundary { return nfaMatches(GoUTF8.scalars(Array(bytes))) }
    return dfa.withLock { dfa in dfa.matches(bytes, program: program) }
  }

  func matches(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { matches($0) }
  }

  private struct Compiler {
    var program: [Instruction] = []

    mutating func emit(_ node: GoRegexNode) throws(GoRegexError) {
      if program.count > GoRegex.maximumInstructions {
        throw GoRegexError(message: "the expression is too large to evaluate", unsupported: true)
      }
      switch node {
      case .empty: break
      case .set(let ranges): program.append(.set(ranges))
      case .assertion(let kind): program.append(.assertion(kind))
      case .concat(let nodes): for child in nodes { try emit(child) }
      case .alternate(let nodes):
        var jumps: [Int] = []
        for (offset, child) in nodes.enumerated() {
          if offset == nodes.count - 1 {
            try emit(child)
          } else {
            let split = program.count
            program.append(.split(split + 1, -1))
            try emit(child)
            jumps.append(program.count)
            program.append(.jump(-1))
            program[split] = .split(split + 1, program.count)
          }
        }
        for jump in jumps { program[jump] = .jump(program.count) }
      case .repetition(let child, let min, let max):
        for _ in 0..<min { try emit(child) }
        if let max {
          // Each optional copy may be skipped, skipping the rest too.
          var splits: [Int] = []
          for _ in min..<max {
            splits.append(program.count)
            program.append(.split(program.count + 1, -1))
            try emit(child)
          }
          for split in splits { program[split] = .split(split + 1, program.count) }
        } else {
          let split = program.count
          program.append(.split(split + 1, -1))
          try emit(child)
          program.append(.jump(split))
          program[split] = .split(split + 1, program.count)
        }
      }
    }
  }

  // MARK: - NFA simulation (used with word boundaries)

  private func nfaMatches(_ scalars: [UInt32]) -> Bool {
    var current: [Int] = []
    var seen = Array(repeating: -1, count: program.count)
    func isWord(_ index: Int) -> Bool {
      guard index >= 0, index < scalars.count else { return false }
      let c = scalars[index]
      return GoRegexParser.isAlnum(c) || c == 0x5F
    }
    func add(_ pc: Int, _ position: Int, into list: inout [Int]) -> Bool {
      if seen[pc] == position { return false }
      seen[pc] = position
      switch program[pc] {
      case .match: return true
      case .set: list.append(pc)
      case .jump(let target): return add(target, position, into: &list)
      case .split(let a, let b):
        if add(a, position, into: &list) { return true }
        return add(b, position, into: &list)
      case .assertion(let kind):
        let holds: Bool
        switch kind {
        case .beginText: holds = position == 0
        case .endText: holds = position == scalars.count
        case .wordBoundary: holds = isWord(position - 1) != isWord(position)
        case .notWordBoundary: holds = isWord(position - 1) == isWord(position)
        }
        if holds { return add(pc + 1, position, into: &list) }
      }
      return false
    }
    for position in 0...scalars.count {
      if add(0, position, into: &current) { return true }
      guard position < scalars.count else { break }
      let c = scalars[position]
      var next: [Int] = []
      for pc in current {
        guard case .set(let ranges) = program[pc], ranges.contains(where: { $0.contains(c) }) else { continue }
        if add(pc + 1, position + 1, into: &next) { return true }
      }
      current = next
    }
    return false
  }
}

/// DFA states built on demand: each is the set of NFA positions reachable at some point of the
/// input, before the end-of-text assertion is considered.
struct LazyDFA: Sendable {
  private struct State {
    var pcs: [Int]
    /// A match is reached without looking further.
    var matched: Bool
    /// A match is reached if the text ends here.
    var matchesAtEnd: Bool
    var ascii: [Int32]
    var other: [UInt32: Int32] = [:]
  }

  private var states: [State] = []
  private var ids: [[Int]: Int32] = [:]
  /// The state at the start of the text, and the state reached by restarting mid-text.
  private var startState: Int32 = -1
  private static let unknown: Int32 = -1
  /// States kept before the cache is cleared (pathological expressions).
  private static let limit = 4096

  mutating func matches(_ bytes: UnsafeBufferPointer<UInt8>, program: [GoRegex.Instruction]) -> Bool {
    if states.count > Self.limit { reset() }
    if startState < 0 { startState = intern(closure([0], atStart: true, program: program), program: program) }
    var state = startState
    var index = 0
    while index < bytes.count {
      if states[Int(state)].matched { return true }
      let (scalar, width) = GoUTF8.decode(bytes, at: index)
      index += width
      var next: Int32
      if scalar < 128 {
        next = states[Int(state)].ascii[Int(scalar)]
      } else {
        next = states[Int(state)].other[scalar] ?? Self.unknown
      }
      if next == Self.unknown {
        next = step(state, scalar, program: program)
        if scalar < 128 {
          states[Int(state)].ascii[Int(scalar)] = next
        } else {
          states[Int(state)].other[scalar] = next
        }
      }
      state = next
    }
    return states[Int(state)].matched || states[Int(state)].matchesAtEnd
  }

  private mutating func reset() {
    states = []
    ids = [:]
    startState = -1
  }

  private mutating func step(_ state: Int32, _ scalar: UInt32, program: [GoRegex.Instruction]) -> Int32 {
    var targets: [Int] = []
    for pc in states[Int(state)].pcs {
      if case .set(let ranges) = program[pc], ranges.contains(where: { $0.contains(scalar) }) {
        targets.append(pc + 1)
      }
    }
    // An unanchored search may start at every position.
    targets.append(0)
    return intern(closure(targets, atStart: false, program: program), program: program)
  }

  private mutating func intern(_ pcs: [Int], program: [GoRegex.Instruction]) -> Int32 {
    if let id = ids[pcs] { return id }
    let matched = pcs.contains { if case .match = program[$0] { return true } else { return false } }
    let endClosure = closure(pcs, atStart: false, atEnd: true, program: program)
    let matchesAtEnd = endClosure.contains { if case .match = program[$0] { return true } else { return false } }
    let id = Int32(states.count)
    states.append(
      State(pcs: pcs, matched: matched, matchesAtEnd: matchesAtEnd, ascii: Array(repeating: Self.unknown, count: 128)))
    ids[pcs] = id
    return id
  }

  /// The positions reachable without consuming input; end-of-text assertions are kept unresolved
  /// unless `atEnd`.
  private func closure(_ start: [Int], atStart: Bool, atEnd: Bool = false, program: [GoRegex.Instruction]) -> [Int] {
    var seen = Set<Int>()
    var result: [Int] = []
    var work = start
    while let pc = work.popLast() {
      guard seen.insert(pc).inserted else { continue }
      switch program[pc] {
      case .set, .match: result.append(pc)
      case .jump(let target): work.append(target)
      case .split(let a, let b):
        work.append(b)
        work.append(a)
      case .assertion(let kind):
        switch kind {
        case .beginText: if atStart { work.append(pc + 1) }
        case .endText:
          if atEnd { work.append(pc + 1) } else { result.append(pc) }
        case .wordBoundary, .notWordBoundary: break
        }
      }
    }
    return result.sorted()
  }
}

import GantryCore

/// A user-given builder command line (`backend: {command: [...]}`), for podman, buildah, kaniko and the like.
///
/// Each element is literal text with `{name}` placeholders, filled in per service when planning
/// (see `expand` in GantryPlan). `{{` and `}}` stand for literal braces. List placeholders
/// (`{tag-flags}` and the like) expand to several arguments and must be a whole element.
/// Values always become argv elements as they are: no shell ever sees them.
public struct CommandTemplate: Hashable, Sendable {
  /// A placeholder replaced by one string, anywhere inside an element.
  public enum Scalar: String, CaseIterable, Sendable {
    case service, context, dockerfile, image, target, platforms, iidfile
  }

  /// A placeholder replaced by zero or more whole arguments; it must be an element on its own.
  public enum List: String, CaseIterable, Sendable {
    case tagFlags = "tag-flags"
    case buildArgFlags = "build-arg-flags"
    case labelFlags = "label-flags"
    case platformFlags = "platform-flags"
    case targetFlags = "target-flags"
    case iidfileFlags = "iidfile-flags"
  }

  /// Part of an element: literal text or a scalar placeholder.
  public enum Piece: Hashable, Sendable {
    case literal(String)
    case scalar(Scalar)
  }

  /// One element of the template.
  public enum Element: Hashable, Sendable {
    /// Text with scalar placeholders; dropped when it has placeholders and they leave it empty.
    case text([Piece])
    /// A list placeholder, the whole element.
    case list(List)
  }

  /// Why a template was rejected; `index` is the element at fault (nil for the whole template).
  public struct Problem: Error, Hashable, Sendable {
    public var index: Int?
    public var message: String
    public var hint: String?
  }

  /// The template as written.
  public var argv: [String]
  public var elements: [Element]
  /// Variables added to every job's environment.
  public var env: [String: String]

  /// Every placeholder, as written in a template.
  public static var placeholderNames: [String] {
    Scalar.allCases.map { "{\($0.rawValue)}" } + List.allCases.map { "{\($0.rawValue)}" }
  }

  /// Parses and checks a template: at least a program, which has no placeholders; known placeholders only.
  /// Throws the first problem; `problems(in:)` lists them all.
  public init(argv: [String], env: [String: String] = [:]) throws(Problem) {
    if let problem = Self.problems(in: argv).first { throw problem }
    self.argv = argv
    self.elements = argv.enumerated().compactMap { try? Self.parse($0.element, index: $0.offset) }
    self.env = env
  }

  /// Every problem of a template, in element order.
  public static func problems(in argv: [String]) -> [Problem] {
    guard let program = argv.first else {
      return [Problem(index: nil, message: "the command template is empty", hint: exampleHint)]
    }
    var problems: [Problem] = []
    for (index, text) in argv.enumerated() {
      do {
        let element = try parse(text, index: index)
        if index == 0, program.isEmpty || element != .text([.literal(program)]) {
          problems.append(
            Problem(
              index: 0,
              message:
                "the first element of the command template must be the program to run, without placeholders or braces",
              hint: "start with the builder's name or path, e.g. podman, buildah or /kaniko/executor"))
        }
      } catch {
        problems.append(error)
      }
    }
    return problems
  }

  /// A hint showing the shape of a template.
  public static let exampleHint =
    "write the builder's argv as a list, e.g. [podman, build, '{tag-flags}', -f, '{dockerfile}', '{context}']"

  /// Names people reach for, with what they most likely mean.
  static let synonyms = [
    "tag": "{image} (the first tag) or {tag-flags}", "tags": "{image} (the first tag) or {tag-flags}",
    "file": "{dockerfile}", "args": "{build-arg-flags}", "build-args": "{build-arg-flags}", "labels": "{label-flags}",
  ]

  /// "did you mean …?" when a name is close, then every known placeholder.
  static func unknownHint(_ name: String) -> String {
    let known = Scalar.allCases.map(\.rawValue) + List.allCases.map(\.rawValue)
    let guess = synonyms[name] ?? Suggestion.nearest(to: name, in: known).map { "{\($0)}" }
    return (guess.map { "did you mean \($0)? " } ?? "")
      + "known placeholders: \(placeholderNames.joined(separator: ", ")); write {{ and }} for literal braces"
  }

  /// One element: `{{`/`}}` are braces, `{name}` a placeholder.
  static func parse(_ text: String, index: Int) throws(Problem) -> Element {
    var pieces: [Piece] = []
    var literal = ""
    var rest = Substring(text)
    while let first = rest.first {
      if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
        literal.append(first)
        rest = rest.dropFirst(2)
      } else if first == "}" {
        throw Problem(
          index: index, message: "a lone '}' in '\(text)'", hint: "write '}}' for a literal brace")
      } else if first == "{" {
        guard let close = rest.firstIndex(of: "}") else {
          throw Problem(
            index: index, message: "an unclosed '{' in '\(text)'", hint: "write '{{' for a literal brace")
        }
        let name = String(rest[rest.index(after: rest.startIndex)..<close])
        rest = rest[rest.index(after: close)...]
        if let list = List(rawValue: name) {
          guard text == "{\(name)}" else {
            throw Problem(
              index: index, message: "{\(name)} expands to several arguments and must be an element on its own",
              hint: "write '{\(name)}' as a separate list element")
          }
          return .list(list)
        }
        guard let scalar = Scalar(rawValue: name) else {
          throw Problem(
            index: index, message: "unknown placeholder {\(name)} in '\(text)'",
            hint: unknownHint(name))
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = ""
        pieces.append(.scalar(scalar))
      } else {
        literal.append(first)
        rest = rest.dropFirst()
      }
    }
    if !literal.isEmpty || pieces.isEmpty { pieces.append(.literal(literal)) }
    return .text(pieces)
  }

  /// True when some element uses the placeholder.
  public func uses(_ scalar: Scalar) -> Bool {
    elements.contains { element in
      if case .text(let pieces) = element { return pieces.contains(.scalar(scalar)) }
      return false
    }
  }

  /// True when some element is the list placeholder.
  public func uses(_ list: List) -> Bool {
    elements.contains(.list(list))
  }
}

import GantryCore

extension ParseState {
  /// `ARG name[=default] ...`: global before the first `FROM`, otherwise scoped to the current stage.
  mutating func readArg(_ line: LogicalLine) {
    let words = Words.quoted(line.text, from: line.keywordEnd, escape: escape)
    if words.isEmpty {
      error("ARG needs at least one name", at: location(line), hint: "write ARG NAME or ARG NAME=default")
      return
    }
    for word in words {
      let equals = line.text[word].firstIndex(of: Byte.equals)
      let name = line.text[word.lowerBound..<(equals ?? word.upperBound)].decoded
      guard !name.isEmpty else {
        error("ARG name is empty", at: location(line, at: word.lowerBound))
        continue
      }
      var defaultValue: String?
      if let equals {
        let scope = currentStage == nil ? globalVariables : stageVariables
        let expansion = Expander(escape: escape, variables: scope).expand(line.text[(equals + 1)..<word.upperBound])
        if let message = expansion.error {
          error("ARG \(name): \(message)", at: location(line, at: equals + 1))
        }
        defaultValue = expansion.text
      }
      if currentStage == nil {
        result.globalArgs.append(ArgDeclaration(name: name, defaultValue: defaultValue, line: line.line))
        globalVariables.declare(name, value: buildArgs[name] ?? defaultValue)
        stageVariables = globalVariables
      } else {
        stageVariables.declare(name, value: buildArgs[name] ?? defaultValue ?? globalValue(of: name))
      }
    }
  }

  /// The effective value of a global argument, which a stage's `ARG NAME` without a default inherits.
  private func globalValue(of name: String) -> String? {
    if case .value(let value) = globalVariables.lookup(name) { return value }
    return nil
  }
}

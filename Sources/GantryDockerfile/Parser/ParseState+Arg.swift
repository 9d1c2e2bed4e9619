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
      let given = buildArgs[name]
      var defaultValue: String?
      if let equals {
        let scope = currentStage == nil ? globalVariables : stageVariables
        let expansion = Expander(escape: escape, variables: scope).expand(line.text[(equals + 1)..<word.upperBound])
        // A default BuildKit cannot expand fails only when it is used: not when a build argument
        // replaces it, nor in a stage the build does not run.
        if let message = expansion.error, given == nil {
          let diagnostic = Diagnostic.error("ARG \(name): \(message)", at: location(line, at: equals + 1))
          if let stage = currentStage {
            deferred.append((stage, diagnostic))
          } else {
            result.diagnostics.append(diagnostic)
          }
        }
        defaultValue = expansion.text
      }
      if currentStage == nil {
        result.globalArgs.append(ArgDeclaration(name: name, defaultValue: defaultValue, line: line.line))
        // `ARG NAME` again without a default keeps the value NAME already has.
        globalVariables.declare(name, value: given ?? defaultValue ?? globalValue(of: name))
      } else {
        stageVariables.declare(name, value: given ?? defaultValue ?? globalValue(of: name))
      }
    }
  }

  /// The effective value of a global argument, which a stage's `ARG NAME` without a default inherits.
  private func globalValue(of name: String) -> String? {
    if case .value(let value) = globalVariables.lookup(name) { return value }
    return nil
  }
}

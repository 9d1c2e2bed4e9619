/// The two clients' ways of deciding whether a path is excluded.
extension IgnoreRules {
  /// Docker 20.10's `PatternMatcher.Matches`: every pattern is tried on the path and on the one
  /// parent prefix with as many parts as the pattern; the last pattern that matches decides.
  func excludedClassic(_ path: [UInt8]) -> Bool {
    var matched = false
    let lastSlash = path.lastIndex(of: GoPath.slash)
    var parentParts: [Int] = []  // end index of each parent part
    if let lastSlash {
      for (index, byte) in path[..<lastSlash].enumerated() where byte == GoPath.slash { parentParts.append(index) }
      parentParts.append(lastSlash)
    }
    for pattern in patterns {
      var match = pattern.matches(path[...])
      if !match, lastSlash != nil, pattern.depth <= parentParts.count {
        match = pattern.matches(path[..<parentParts[pattern.depth - 1]])
      }
      if match { matched = !pattern.isException }
    }
    return matched
  }

  /// moby/patternmatcher's `MatchesUsingParentResults`: a pattern that matched the parent folder
  /// matches the path; otherwise it is tried only when it could change the current answer.
  /// Returns the answer and the per-pattern results to hand to the path's children.
  func excludedCarrying(_ path: [UInt8], parent: [Bool]) -> (Bool, [Bool]) {
    var matched = false
    var results = Array(repeating: false, count: patterns.count)
    for (index, pattern) in patterns.enumerated() {
      var match = parent.isEmpty ? false : parent[index]
      if !match {
        if pattern.isException != matched { continue }
        match = pattern.matches(path[...])
        if !match, parent.isEmpty {
          // No parent results: any parent prefix (MatchesOrParentMatches).
          var index = path.startIndex
          while let slash = path[index...].firstIndex(of: GoPath.slash) {
            if pattern.matches(path[..<slash]) {
              match = true
              break
            }
            index = slash + 1
          }
        }
      }
      results[index] = match
      if match { matched = !pattern.isException }
    }
    return (matched, results)
  }

  /// Whether an excluded folder is still walked (20.10: some exception starts with `folder/`).
  func classicWalksExcludedFolder(_ folder: [UInt8]) -> Bool {
    let prefix = folder + [GoPath.slash]
    return patterns.contains { $0.isException && ($0.text + [GoPath.slash]).starts(with: prefix) }
  }

  /// fsutil's `onlyPrefixExcludeExceptions`: no exception has a wildcard once a trailing `/**` or
  /// `/*` is taken off.
  var exceptionsArePrefixes: Bool {
    let wildcards = Set("*[]?^\\".utf8)
    return !patterns.contains { $0.isException && $0.withoutTrailingGlob.contains(where: wildcards.contains) }
  }

  /// Whether an excluded folder is still walked (buildx: exceptions with wildcards, or one whose
  /// prefix is `folder/`).
  func mobyWalksExcludedFolder(_ folder: [UInt8]) -> Bool {
    guard exceptionsArePrefixes else { return true }
    guard hasExceptions else { return false }
    let prefix = folder + [GoPath.slash]
    return patterns.contains { $0.isException && (Array($0.withoutTrailingGlob) + [GoPath.slash]).starts(with: prefix) }
  }
}

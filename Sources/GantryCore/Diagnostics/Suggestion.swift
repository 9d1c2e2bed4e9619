/// Finds the known name nearest to a misspelt one, for "did you mean" hints.
public enum Suggestion {
  /// The candidate with the smallest edit distance, when it is close enough to be a plausible typo.
  public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
    var best: (name: String, distance: Int)?
    let limit = max(2, word.count / 3)
    for candidate in candidates {
      let distance = editDistance(word.lowercased(), candidate.lowercased())
      if distance <= limit, distance < (best?.distance ?? .max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// A hint sentence: "did you mean 'x'?" or, with no close candidate, the list of known names.
  public static func hint(for word: String, in candidates: [String], noun: String = "known names") -> String {
    if let near = nearest(to: word, in: candidates) {
      return "did you mean '\(near)'?"
    }
    let sorted = candidates.sorted()
    if sorted.isEmpty { return "there are no \(noun)" }
    let shown = sorted.prefix(12).joined(separator: ", ")
    return "\(noun): \(shown)\(sorted.count > 12 ? ", …" : "")"
  }

  /// Levenshtein distance over Unicode scalars.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}

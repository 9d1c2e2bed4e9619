/// Runs `body` on every item, at most `limit` at once, and returns the results in the items'
/// order.
public func concurrentMap<Item: Sendable, Result: Sendable>(
  _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Result
) async -> [Result] {
  await withTaskGroup(of: (Int, Result).self) { group in
    var pending = items.enumerated().makeIterator()
    var results: [Result?] = Array(repeating: nil, count: items.count)
    for _ in 0..<max(1, limit) {
      guard let (index, item) = pending.next() else { break }
      group.addTask { (index, await body(item)) }
    }
    for await (index, result) in group {
      results[index] = result
      if let (next, item) = pending.next() {
        group.addTask { (next, await body(item)) }
      }
    }
    return results.map { $0! }
  }
}

/// Graph algorithms over any node type, given a `successors` function: they know nothing of services or jobs.
public enum GraphAlgorithms {
  /// A topological order of `nodes` where every node comes after the nodes `dependencies` returns for it.
  ///
  /// Among nodes that are ready at the same time, `priority` decides (larger first), then the nodes' order.
  /// - Returns: the order, or the first cycle found (as a closed path `a, b, a`).
  /// - Complexity: O((V + E) log V).
  public static func topologicalOrder<Node: Hashable & Comparable>(
    _ nodes: [Node],
    dependencies: (Node) -> [Node],
    priority: (Node) -> Double = { _ in 0 }
  ) -> Result<[Node], CycleError<Node>> {
    var remaining: [Node: Int] = [:]
    var dependents: [Node: [Node]] = [:]
    let known = Set(nodes)
    for node in nodes {
      let deps = Set(dependencies(node)).filter(known.contains)
      remaining[node] = deps.count
      for dep in deps { dependents[dep, default: []].append(node) }
    }
    var priorities: [Node: Double] = [:]
    for node in nodes { priorities[node] = priority(node) }
    var ready = Heap<Node>(areInIncreasingOrder: { [priorities] a, b in
      let pa = priorities[a] ?? 0, pb = priorities[b] ?? 0
      return pa != pb ? pa > pb : a < b
    })
    for node in nodes where remaining[node] == 0 { ready.insert(node) }
    var order: [Node] = []
    order.reserveCapacity(nodes.count)
    while let node = ready.popFirst() {
      order.append(node)
      for dependent in dependents[node] ?? [] {
        remaining[dependent]! -= 1
        if remaining[dependent] == 0 { ready.insert(dependent) }
      }
    }
    if order.count == nodes.count { return .success(order) }
    let stuck = nodes.filter { remaining[$0]! > 0 }
    let cycle = findCycle(from: stuck, successors: { dependencies($0).filter(known.contains) }) ?? stuck
    return .failure(CycleError(path: cycle))
  }

  /// A cycle reachable from `starts`, as a closed path (`a, b, c, a`), or nil when there is none.
  public static func findCycle<Node: Hashable & Comparable>(
    from starts: [Node], successors: (Node) -> [Node]
  ) -> [Node]? {
    var marks: [Node: VisitMark] = [:]
    // Iterative depth-first search, so deep graphs cannot overflow the stack.
    for start in starts.sorted() where marks[start] == nil {
      var stack: [(node: Node, next: [Node], index: Int)] = [(start, successors(start).sorted(), 0)]
      var path: [Node] = [start]
      marks[start] = .visiting
      while !stack.isEmpty {
        let top = stack.count - 1
        if stack[top].index < stack[top].next.count {
          let next = stack[top].next[stack[top].index]
          stack[top].index += 1
          switch marks[next] {
          case .visiting:
            let begin = path.firstIndex(of: next)!
            return Array(path[begin...]) + [next]
          case .done:
            continue
          case nil:
            marks[next] = .visiting
            path.append(next)
            stack.append((next, successors(next).sorted(), 0))
          }
        } else {
          marks[stack[top].node] = .done
          stack.removeLast()
          path.removeLast()
        }
      }
    }
    return nil
  }

  /// Every node reachable from `roots` through `successors`, the roots included.
  public static func closure<Node: Hashable>(of roots: [Node], successors: (Node) -> [Node]) -> Set<Node> {
    var seen = Set(roots)
    var stack = roots
    while let node = stack.popLast() {
      for next in successors(node) where seen.insert(next).inserted {
        stack.append(next)
      }
    }
    return seen
  }

  /// For each node, the weight of the heaviest path that starts at it and follows `dependents`
  /// (the node's own weight included): how much work at least remains once it starts.
  /// - Parameter order: a topological order (dependencies first).
  public static func remainingPathWeight<Node: Hashable>(
    order: [Node], dependents: (Node) -> [Node], weight: (Node) -> Double
  ) -> [Node: Double] {
    var result: [Node: Double] = [:]
    for node in order.reversed() {
      let tail = dependents(node).compactMap { result[$0] }.max() ?? 0
      result[node] = weight(node) + tail
    }
    return result
  }

  /// The heaviest path through the graph, from a node with no dependencies to one with no dependents.
  /// - Parameter order: a topological order (dependencies first).
  public static func criticalPath<Node: Hashable>(
    order: [Node], dependents: (Node) -> [Node], weight: (Node) -> Double
  ) -> [Node] {
    let remaining = remainingPathWeight(order: order, dependents: dependents, weight: weight)
    let firstIndex = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    // Start at the heaviest node (ties: earliest in the order), then follow the heaviest dependent.
    guard
      var node = order.max(by: { a, b in
        remaining[a]! != remaining[b]! ? remaining[a]! < remaining[b]! : firstIndex[a]! > firstIndex[b]!
      })
    else { return [] }
    var path = [node]
    while let next = dependents(node).max(by: { a, b in
      remaining[a]! != remaining[b]! ? remaining[a]! < remaining[b]! : firstIndex[a]! > firstIndex[b]!
    }) {
      path.append(next)
      node = next
    }
    return path
  }

  /// Groups nodes by depth: level 0 has no dependencies, level k depends on something at level k-1.
  /// Nodes in one level never depend on each other, so they can run in parallel.
  /// - Parameter order: a topological order (dependencies first).
  public static func levels<Node: Hashable>(order: [Node], dependencies: (Node) -> [Node]) -> [[Node]] {
    var depth: [Node: Int] = [:]
    var levels: [[Node]] = []
    for node in order {
      let d = (dependencies(node).compactMap { depth[$0] }.max() ?? -1) + 1
      depth[node] = d
      if d == levels.count { levels.append([]) }
      levels[d].append(node)
    }
    return levels
  }
}

/// Depth-first search state of a node.
private enum VisitMark { case visiting, done }

/// A dependency cycle, as a closed path: the first node is repeated at the end.
public struct CycleError<Node: Hashable & Sendable>: Error, Sendable {
  public var path: [Node]
}

/// A binary heap ordered by a comparison; `popFirst` returns the element that sorts first.
public struct Heap<Element> {
  private var storage: [Element] = []
  private let areInIncreasingOrder: (Element, Element) -> Bool

  public init(areInIncreasingOrder: @escaping (Element, Element) -> Bool) {
    self.areInIncreasingOrder = areInIncreasingOrder
  }

  public var isEmpty: Bool { storage.isEmpty }
  public var count: Int { storage.count }
  public var first: Element? { storage.first }

  public mutating func insert(_ element: Element) {
    storage.append(element)
    var child = storage.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard areInIncreasingOrder(storage[child], storage[parent]) else { break }
      storage.swapAt(child, parent)
      child = parent
    }
  }

  public mutating func popFirst() -> Element? {
    guard !storage.isEmpty else { return nil }
    storage.swapAt(0, storage.count - 1)
    let top = storage.removeLast()
    var parent = 0
    while true {
      let left = 2 * parent + 1, right = left + 1
      var best = parent
      if left < storage.count, areInIncreasingOrder(storage[left], storage[best]) { best = left }
      if right < storage.count, areInIncreasingOrder(storage[right], storage[best]) { best = right }
      if best == parent { break }
      storage.swapAt(parent, best)
      parent = best
    }
    return top
  }
}

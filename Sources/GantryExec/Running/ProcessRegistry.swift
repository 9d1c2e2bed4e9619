import Foundation
import GantryReport
import Synchronization

/// The process groups of every build in flight, so a second Ctrl-C can kill them all at once.
public final class ProcessRegistry: Sendable {
  private let state = Mutex<(next: Int, groups: [Int: Int32])>((0, [:]))

  public init() {}

  /// A key for one process, taken before it starts.
  public func newToken() -> Int {
    state.withLock { state in
      state.next += 1
      return state.next
    }
  }

  public func insert(_ token: Int, processGroup: Int32) {
    state.withLock { $0.groups[token] = processGroup }
  }

  public func remove(_ token: Int) {
    _ = state.withLock { $0.groups.removeValue(forKey: token) }
  }

  /// The process groups currently registered.
  public var processGroups: [Int32] {
    state.withLock { Array($0.groups.values) }
  }

  /// Sends `signal` to every registered process group.
  public func signalAll(_ signal: Int32) {
    for group in processGroups { kill(-group, signal) }
  }
}

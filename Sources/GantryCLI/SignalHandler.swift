import Dispatch
import Foundation

/// SIGINT and SIGTERM while a run is in progress: the first stops the run cleanly, the second kills at once.
final class SignalHandler {
  private let sources: [any DispatchSourceSignal]

  init(onFirst: @escaping @Sendable () -> Void, onSecond: @escaping @Sendable () -> Void) {
    let count = Counter()
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        if count.increment() == 1 { onFirst() } else { onSecond() }
      }
      source.resume()
      sources.append(source)
    }
    self.sources = sources
  }

  /// Puts the default handlers back.
  func restore() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}

/// A thread-safe counter of received signals.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}

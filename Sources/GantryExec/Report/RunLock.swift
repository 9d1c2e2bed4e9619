import Foundation
import GantryCore
import GantryReport

/// One run at a time per repository: an exclusive `flock` on `.gantry/lock`, released when the run
/// ends or the process dies (the kernel drops it), so a crash never leaves a stale lock.
public final class RunLock: Sendable {
  public let path: String
  private let descriptor: Int32

  public enum Failure: ReportableError, CustomStringConvertible {
    /// Another run holds the lock; `holder` is what it wrote there (pid and run id).
    case held(path: String, holder: String)
    case cannotOpen(path: String, reason: String)

    public var diagnostics: [Diagnostic] {
      switch self {
      case .held(let path, let holder):
        return [
          .error(
            "another gantry run is using this repository (\(holder.isEmpty ? "unknown" : holder); lock: \(path))",
            at: nil, hint: "wait for it to finish, or pass --wait-for-lock to wait here")
        ]
      case .cannotOpen(let path, let reason):
        return [.error("cannot create the lock file \(path): \(reason)", at: nil, hint: "check that .gantry/ is writable")]
      }
    }

    public var description: String { rendered }
  }

  /// Takes the lock, waiting for another run to finish when `wait` is true, failing at once otherwise.
  public init(stateDirectory: String, runID: String, wait: Bool) throws(Failure) {
    path = stateDirectory + "/lock"
    try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK, wait else {
        let holder =
          (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        close(fd)
        throw .held(path: path, holder: holder)
      }
      while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }
    descriptor = fd
    let holder = Array("pid \(getpid()), run \(runID)\n".utf8)
    _ = ftruncate(fd, 0)
    _ = holder.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
  }

  deinit {
    _ = ftruncate(descriptor, 0)
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

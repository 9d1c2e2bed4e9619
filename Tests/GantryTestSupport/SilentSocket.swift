import Foundation

/// A Unix socket that takes connections into its backlog and never answers: an engine that hangs.
public final class SilentSocket {
  public let path: String
  private let descriptor: Int32

  public init(in folder: String) throws {
    path = folder + "/silent.sock"
    #if canImport(Glibc)
      descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #else
      descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { buffer in
      for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard descriptor >= 0, bound == 0, listen(descriptor, 64) == 0 else {
      throw CocoaError(.fileWriteUnknown)
    }
  }

  deinit { close(descriptor) }
}

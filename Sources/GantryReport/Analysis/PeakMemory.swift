import Foundation

/// gantry's own peak memory use, as the kernel counts it.
public enum PeakMemory {
  /// The peak resident set size of this process in bytes (`getrusage` reports kilobytes on Linux).
  public static func residentBytes() -> Int? {
    var usage = rusage()
    #if os(Linux)
      guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
      return Int(usage.ru_maxrss) * 1024
    #else
      guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
      return Int(usage.ru_maxrss)  // bytes on Darwin
    #endif
  }
}

import Foundation
import GantryCore

/// Reads a definition file as UTF-8 text, refusing what cannot be a manifest (too large, binary, not UTF-8).
enum SourceFile {
  /// Larger inputs are rejected: a service manifest is never this big, and reading it would only waste memory.
  static let maximumBytes = 16 << 20

  static func read(_ path: String, display: String) -> Result<String, Diagnostic> {
    let start = SourceLocation(file: display, line: 1)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .failure(.error("cannot open \(display)", at: nil, hint: "check that the file exists and is readable"))
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
    } catch {
      return .failure(.error("cannot read \(display): \(error.localizedDescription)", at: start))
    }
    if data.count > maximumBytes {
      return .failure(
        .error("file is larger than \(maximumBytes >> 20) MiB", at: start, hint: "is this the right file?"))
    }
    if data.contains(0) {
      return .failure(.error("file is binary (it contains NUL bytes)", at: start, hint: "name a YAML text file"))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      return .failure(.error("file is not valid UTF-8 text", at: start, hint: "save it as UTF-8"))
    }
    return .success(text)
  }
}

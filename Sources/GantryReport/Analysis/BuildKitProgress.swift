import Foundation
import GantryCore

/// What a build's log says about its steps and its context, read from BuildKit's plain progress
/// (`--progress plain`): `#5 [2/3] RUN make`, `#5 CACHED`, `#2 transferring context: 2.31kB done`.
public struct BuildKitProgress: Sendable, Hashable {
  /// Dockerfile steps (`[2/3] RUN …`, `[build 2/5] COPY …`, `[linux/arm64 2/3] RUN …`): every
  /// platform's steps count. Not counted: BuildKit's own vertices (`[internal] …`, `[auth] …`,
  /// `exporting to image`) and `FROM` steps, which resolve an image rather than build a layer.
  public var totalSteps: Int
  /// Steps BuildKit reported `CACHED`.
  public var cachedSteps: Int
  /// Bytes transferred for the build contexts (the last figure of each context's transfer, summed
  /// over the main context and named ones).
  public var contextBytes: Int64?

  /// `cached / total`, nil when there were no steps.
  public var cacheHitRatio: Double? {
    totalSteps == 0 ? nil : Double(cachedSteps) / Double(totalSteps)
  }

  /// Parses a job's log. With retries, only the last attempt counts: its part of the log starts
  /// after the last `gantry: attempt N failed` line.
  public static func parse(log text: String) -> BuildKitProgress? {
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }
    if let retry = lines.lastIndex(where: { $0.hasPrefix("gantry: attempt ") }) {
      lines = Array(lines[(retry + 1)...])
    }
    var names: [Int: Substring] = [:]
    var cached: Set<Int> = []
    var contextBytes: [Int: Int64] = [:]
    for line in lines {
      guard let (vertex, rest) = split(line) else { continue }
      if names[vertex] == nil {
        names[vertex] = rest
        continue
      }
      if rest == "CACHED" {
        cached.insert(vertex)
      } else if let size = transferredBytes(rest), isContextLoad(names[vertex] ?? "") {
        contextBytes[vertex] = size
      }
    }
    guard !names.isEmpty else { return nil }
    let steps = names.filter { isStep($0.value) }.map(\.key)
    return BuildKitProgress(
      totalSteps: steps.count, cachedSteps: steps.filter(cached.contains).count,
      contextBytes: contextBytes.isEmpty ? nil : contextBytes.values.reduce(0, +))
  }

  /// `#12 [build 2/5] RUN x` → (12, `[build 2/5] RUN x`).
  static func split(_ line: Substring) -> (Int, Substring)? {
    guard line.first == "#", let space = line.firstIndex(of: " ") else { return nil }
    guard let vertex = Int(line[line.index(after: line.startIndex)..<space]) else { return nil }
    return (vertex, line[line.index(after: space)...].drop { $0 == " " })
  }

  /// A Dockerfile step: `[…N/M] INSTRUCTION …`, other than `FROM`.
  static func isStep(_ name: Substring) -> Bool {
    guard name.first == "[", let close = name.firstIndex(of: "]") else { return false }
    let label = name[name.index(after: name.startIndex)..<close]
    guard let position = label.split(separator: " ").last else { return false }
    let parts = position.split(separator: "/")
    guard parts.count == 2, Int(parts[0]) != nil, Int(parts[1]) != nil else { return false }
    let instruction = name[name.index(after: close)...].drop { $0 == " " }.prefix { $0 != " " }
    return instruction.uppercased() != "FROM"
  }

  /// The build context upload: `[internal] load build context`, or a named context
  /// (`[context api] load from client`).
  static func isContextLoad(_ name: Substring) -> Bool {
    name == "[internal] load build context" || (name.hasPrefix("[context ") && name.hasSuffix("load from client"))
  }

  /// `transferring context: 2.31kB 0.1s done` → 2310 (a named context says `transferring NAME:`).
  static func transferredBytes(_ rest: Substring) -> Int64? {
    guard rest.hasPrefix("transferring "), let colon = rest.firstIndex(of: ":") else { return nil }
    let figure = rest[rest.index(after: colon)...].drop { $0 == " " }.prefix { $0 != " " }
    return SizeText.bytes(String(figure))
  }
}

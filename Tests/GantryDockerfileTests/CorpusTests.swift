import Foundation
import GantryCore
import GantryDockerfile
import Testing

/// Real-world-shaped Dockerfiles (in `Corpus/`) read as BuildKit reads them: each `NAME.Dockerfile`
/// is compared with the stages, images and diagnostics written by hand in `NAME.expected` from
/// BuildKit's documented behaviour (not recorded from gantry's output).
///
/// An `.expected` file may start with options: `args: K=V …`, `target: STAGE` and
/// `platforms: TARGET BUILD`; then one line per stage (`stage INDEX NAME: BASE`, `(stage)` when the
/// base is an earlier stage), per image use (`image KIND REFERENCE at LINE:COLUMN`) and per
/// diagnostic (`error LINE: MESSAGE`, `warning LINE: MESSAGE`).
@Suite struct CorpusTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".Dockerfile") }.map { String($0.dropLast(".Dockerfile".count)) }.sorted()
  }()

  @Test func corpusIsThere() {
    #expect(Self.names.count >= 12)
  }

  @Test(arguments: names)
  func readsAsExpected(_ name: String) throws {
    let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent("\(name).Dockerfile")))
    let expected = try String(contentsOf: Self.folder.appendingPathComponent("\(name).expected"), encoding: .utf8)
    var buildArgs: [String: String] = [:]
    var target: String?
    var platforms = BuildPlatforms()
    var lines: [String] = []
    for line in expected.split(separator: "\n").map(String.init) {
      if let value = line.removingPrefix("args: ") {
        for pair in value.split(separator: " ") {
          let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
          buildArgs[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
      } else if let value = line.removingPrefix("target: ") {
        target = value
      } else if let value = line.removingPrefix("platforms: ") {
        let parts = value.split(separator: " ").map(String.init)
        platforms = BuildPlatforms(target: parts.first, build: parts.count > 1 ? parts[1] : nil)
      } else {
        lines.append(line)
      }
    }
    let file = DockerfileParser.parse(
      bytes: bytes, file: name, buildArgs: buildArgs, target: target, platforms: platforms)
    #expect(Self.render(file) == lines, "\(name)")
  }

  static func render(_ file: Dockerfile) -> [String] {
    var lines = file.stages.map { stage in
      "stage \(stage.index) \(stage.name ?? "-"): \(stage.base)\(stage.baseIsStage ? " (stage)" : "")"
    }
    lines += file.imageUses.map { use in
      "image \(use.kind.rawValue) \(use.reference) at \(use.location.line):\(use.location.column)"
    }
    lines += file.diagnostics.map { diagnostic in
      let kind = diagnostic.severity == .error ? "error" : "warning"
      return "\(kind) \(diagnostic.location?.line ?? 0): \(diagnostic.message)"
    }
    return lines
  }
}

extension String {
  fileprivate func removingPrefix(_ prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }
}

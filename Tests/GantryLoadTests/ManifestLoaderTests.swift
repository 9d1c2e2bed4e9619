import GantryCore
import Foundation
import GantryTestSupport
import Testing

@testable import GantryLoad

@Suite struct ManifestLoaderTests {
  /// Writes a manifest plus the folders and Dockerfiles named in `folders`, returns the manifest path.
  func manifest(_ text: String, folders: [String] = ["api", "base"]) throws -> String {
    let root = try Fixtures.temporaryFolder()
    var files = ["gantry.yml": text]
    for folder in folders { files["\(folder)/Dockerfile"] = "FROM busybox\n" }
    try Fixtures.write(files, into: root)
    return root + "/gantry.yml"
  }

  func diagnostics(_ text: String, folders: [String] = ["api", "base"]) throws -> [String] {
    let path = try manifest(text, folders: folders)
    do {
      _ = try ManifestLoader.load(path: path)
      return []
    } catch {
      let prefix = path.dropLast("gantry.yml".count)
      return error.diagnostics.map {
        "\($0.location.map { "\($0.file.replacingOccurrences(of: prefix, with: "")):\($0.line):\($0.column)" } ?? "-"): \($0.message) | \($0.hint ?? "")"
      }
    }
  }

  @Test func readsServicesWithDefaults() throws {
    let path = try manifest(
      """
      defaults:
        platforms: [linux/amd64]
        args: {REGISTRY: r.example}
      services:
        base:
          context: base
          image: acme/base
        api:
          context: api
          dockerfile: Dockerfile
          image: acme/api
          tags: [acme/api:1]
          needs: [base]
          args: {GO_VERSION: "1.23", N: 1}
          target: runtime
          platforms: [linux/amd64, linux/arm64]
      """)
    let project = try ManifestLoader.load(path: path)
    let root = String(path.dropLast("/gantry.yml".count))
    #expect(project.root == root)
    #expect(project.services.map(\.name) == ["base", "api"])
    let api = try #require(project.service(named: "api"))
    #expect(api.context.value == root + "/api")
    #expect(api.dockerfile?.value == root + "/api/Dockerfile")
    #expect(api.allTags == ["acme/api", "acme/api:1"])
    #expect(api.needs.map(\.value) == ["base"])
    #expect(api.args == ["REGISTRY": "r.example", "GO_VERSION": "1.23", "N": "1"])
    #expect(api.target == "runtime")
    #expect(api.platforms == ["linux/amd64", "linux/arm64"])
    #expect(project.service(named: "base")?.platforms == ["linux/amd64"])
  }

  @Test func imageDefaultsToTheServiceName() throws {
    let project = try ManifestLoader.load(path: try manifest("services:\n  api:\n    context: api\n"))
    #expect(project.services.first?.allTags == ["api"])
  }

  @Test func everyProblemIsReportedTogetherWithItsLocation() throws {
    let found = try diagnostics(
      """
      services:
        api:
          context: api
          needs: [bsae]
          imgae: acme/api
          args: [1, 2]
        base:
          context: missing
        web:
          context: base
          dockerfile: web.Dockerfile
        out:
          context: ../elsewhere
      """)
    let expected = [
      "gantry.yml:5:5: unknown key 'imgae' in service 'api' | did you mean 'image'?",
      "gantry.yml:6:11: service 'api'.args must be a mapping, found a list | ",
      "gantry.yml:4:13: service 'api' needs 'bsae', which is not a service | did you mean 'base'?",
      "gantry.yml:8:14: context folder of service 'base' does not exist: ",
      "gantry.yml:11:17: Dockerfile of service 'web' does not exist: ",
      "gantry.yml:13:14: context of service 'out' is outside the repository (",
    ]
    #expect(found.count == expected.count, "\(found)")
    for (line, prefix) in zip(found, expected) { #expect(line.hasPrefix(prefix), "\(line)") }
    #expect(found.count > 4 && found[3].hasSuffix("missing | paths are relative to the manifest's folder"))
    #expect(found.count > 4 && found[4].contains("base/web.Dockerfile | the dockerfile path is relative to the context"))
  }

  @Test(arguments: [
    ("services:\n  api:\n    context: [api]\n", "gantry.yml:3:14: service 'api'.context must be a string, found a list"),
    ("services:\n  api:\n    dockerfile: Dockerfile\n", "gantry.yml:2:3: service 'api' has no context"),
    ("services: [api]\n", "gantry.yml:1:11: services must be a mapping, found a list"),
    ("servics:\n  api: {context: api}\n", "gantry.yml:1:1: unknown key 'servics' in the manifest"),
    ("services:\n  api: {context: api, platforms: [linux]}\n", "gantry.yml:2:3: 'linux' is not a platform of service 'api'"),
    ("services:\n  api: {context: api, image: 'Acme API'}\n", "gantry.yml:2:30: 'Acme API' is not a valid image name"),
    ("services:\n  api: {context: api}\n  api: {context: base}\n", "gantry.yml:2:3: duplicate key 'api' in a mapping"),
    ("services:\n  'a b': {context: api}\n", "gantry.yml:2:3: 'a b' is not a valid service name"),
    ("services:\n  api:\n    context: api\n   bad indent: 1\n", "gantry.yml:4:4: invalid YAML"),
    ("", "gantry.yml:1:1: the manifest is empty"),
    ("defaults:\n  platform: [linux/amd64]\nservices:\n  api: {context: api}\n", "gantry.yml:2:3: unknown key 'platform' in defaults"),
    ("services:\n  api: {context: api, needs: [api]}\n", "gantry.yml:2:31: service 'api' needs itself"),
  ])
  func reportsAtTheRightPlace(text: String, expected: String) throws {
    let found = try diagnostics(text)
    #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
  }

  @Test func aSymlinkPointingOutOfTheRepositoryIsRejected() throws {
    let outside = try Fixtures.temporaryFolder("outside")
    try Fixtures.write(["Dockerfile": "FROM busybox\n"], into: outside)
    let path = try manifest("services:\n  api:\n    context: linked\n", folders: [])
    let root = String(path.dropLast("/gantry.yml".count))
    try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: outside)
    let error = #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: path) }
    #expect(error?.diagnostics.first?.message.contains("is outside the repository") == true)
  }

  @Test func binaryAndNonUTF8FilesAreRejected() throws {
    let root = try Fixtures.temporaryFolder()
    FileManager.default.createFile(atPath: root + "/gantry.yml", contents: Data([0x73, 0x00, 0x01]))
    #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: root + "/gantry.yml") }
    FileManager.default.createFile(atPath: root + "/gantry.yml", contents: Data([0x73, 0xff, 0xfe, 0x0a]))
    let error = #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: root + "/gantry.yml") }
    #expect(error?.diagnostics.first?.message == "file is not valid UTF-8 text")
  }

  @Test func nestedAliasesEndWithAClearError() throws {
    // Ten levels of ten-fold aliases would expand to 10^10 strings if anything walked them.
    var levels = ["&a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in 1...9 {
      levels.append("&a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
    }
    let text = "services:\n  api:\n    context: api\n    tags: [\(levels.joined(separator: ", ")), *a9]\n"
    let found = try diagnostics(text)
    #expect(found.count == 11)
    #expect(found.allSatisfy { $0.contains("each entry of service 'api'.tags must be a string, found a list") })
  }
}

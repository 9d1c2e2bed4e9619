import Foundation
import GantryCore
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
    #expect(
      found.count > 4 && found[4].contains("base/web.Dockerfile | the dockerfile path is relative to the context"))
  }

  @Test(arguments: [
    (
      "services:\n  api:\n    context: [api]\n", "gantry.yml:3:14: service 'api'.context must be a string, found a list"
    ),
    ("services:\n  api:\n    dockerfile: Dockerfile\n", "gantry.yml:2:3: service 'api' has no context"),
    ("services: [api]\n", "gantry.yml:1:11: services must be a mapping, found a list"),
    ("servics:\n  api: {context: api}\n", "gantry.yml:1:1: unknown key 'servics' in the manifest"),
    (
      "services:\n  api: {context: api, platforms: [linux]}\n",
      "gantry.yml:2:35: 'linux' is not a platform of service 'api'"
    ),
    ("services:\n  api: {context: api, image: 'Acme API'}\n", "gantry.yml:2:30: 'Acme API' is not a valid image name"),
    ("services:\n  api: {context: api}\n  api: {context: base}\n", "gantry.yml:2:3: duplicate key 'api' in a mapping"),
    ("services:\n  'a b': {context: api}\n", "gantry.yml:2:3: 'a b' is not a valid service name"),
    ("services:\n  api:\n    context: api\n   bad indent: 1\n", "gantry.yml:4:4: invalid YAML"),
    ("", "gantry.yml:1:1: the manifest is empty"),
    (
      "defaults:\n  platform: [linux/amd64]\nservices:\n  api: {context: api}\n",
      "gantry.yml:2:3: unknown key 'platform' in defaults"
    ),
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
    #expect(FileManager.default.createFile(atPath: root + "/gantry.yml", contents: Data([0x73, 0x00, 0x01])))
    #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: root + "/gantry.yml") }
    #expect(FileManager.default.createFile(atPath: root + "/gantry.yml", contents: Data([0x73, 0xff, 0xfe, 0x0a])))
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
    #expect(found.count == 10, "\(found)")
    #expect(found.allSatisfy { $0.contains("each entry of service 'api'.tags must be a string, found a list") })
  }

  @Test func backendNamesAndAbsence() throws {
    let docker = try ManifestLoader.load(path: try manifest("backend: docker\nservices:\n  api: {context: api}\n"))
    #expect(docker.backend?.value == .named(.docker))
    #expect(docker.backend?.location?.line == 1 && docker.backend?.location?.column == 10)
    let auto = try ManifestLoader.load(path: try manifest("backend: auto\nservices:\n  api: {context: api}\n"))
    #expect(auto.backend?.value == .auto)
    let none = try ManifestLoader.load(path: try manifest("services:\n  api: {context: api}\n"))
    #expect(none.backend == nil)
  }

  @Test func backendCommandTemplate() throws {
    let project = try ManifestLoader.load(
      path: try manifest(
        """
        backend:
          command: [podman, build, '{tag-flags}', '--target={target}', -f, "{dockerfile}", '{{literal}}', '{context}']
          env: {BUILDAH_FORMAT: docker, N: 1}
        services:
          api: {context: api}
        """))
    let template = try #require(project.backend?.value.template)
    #expect(
      template.argv == [
        "podman", "build", "{tag-flags}", "--target={target}", "-f", "{dockerfile}", "{{literal}}", "{context}",
      ])
    #expect(template.env == ["BUILDAH_FORMAT": "docker", "N": "1"])
    #expect(template.uses(.tagFlags) && template.uses(.target) && template.uses(.dockerfile) && template.uses(.context))
    #expect(project.backend?.location?.line == 2)
  }

  @Test(arguments: [
    (
      "backend:\n  command: [podman]\n  evn: {A: b}\n",
      "gantry.yml:3:3: unknown key 'evn' in backend | did you mean 'env'?"
    ),
    (
      "backend:\n  command: podman build .\n",
      "gantry.yml:2:12: backend.command must be a list, found a scalar (podman build .) | write each argument as its own element"
    ),
    (
      "backend:\n  command: []\n", "gantry.yml:2:12: the command template is empty | write the builder's argv as a list"
    ),
    (
      "backend:\n  command: [podman, build, '{imgae}']\n",
      "gantry.yml:2:28: unknown placeholder {imgae} in '{imgae}' | did you mean {image}? known placeholders: {service}"
    ),
    (
      "backend:\n  command:\n    - podman\n    - --tag={tags}\n",
      "gantry.yml:4:7: unknown placeholder {tags} in '--tag={tags}' | did you mean {image} (the first tag) or {tag-flags}?"
    ),
    (
      "backend:\n  command: [podman, {tag-flags}]\n",
      "gantry.yml:2:21: {tag-flags} in backend.command must be quoted | YAML reads an unquoted {name} as a mapping: write '{tag-flags}'"
    ),
    (
      "backend:\n  command: [podman, '-t{tag-flags}']\n",
      "gantry.yml:2:21: {tag-flags} expands to several arguments and must be an element on its own"
    ),
    (
      "backend:\n  command: ['{service}']\n",
      "gantry.yml:2:13: the first element of the command template must be the program to run"
    ),
    (
      "backend:\n  command: [podman, [a]]\n",
      "gantry.yml:2:21: each entry of backend.command must be a string, found a list"
    ),
    ("backend:\n  env: {A: b}\n", "gantry.yml:2:3: backend has no command | add command: [...]"),
    ("backend:\n  command: [podman]\n  env: [A]\n", "gantry.yml:3:8: backend.env must be a mapping, found a list"),
    ("backend: command\n", "gantry.yml:1:10: backend: command needs a command template | write backend: {command: ["),
    ("backend: buildz\n", "gantry.yml:1:10: unknown backend 'buildz' | did you mean 'buildx'?"),
    ("backend: podman\n", "gantry.yml:1:10: unknown backend 'podman' | use auto, buildx or docker; for podman"),
    (
      "backend: [podman]\n",
      "gantry.yml:1:10: backend must be auto, buildx, docker or a mapping {command: [...]}, found a list"
    ),
    ("backnd: docker\n", "gantry.yml:1:1: unknown key 'backnd' in the manifest | did you mean 'backend'?"),
  ])
  func backendErrorsAreReportedWhereWritten(backend: String, expected: String) throws {
    let found = try diagnostics(backend + "services:\n  api: {context: api}\n")
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.hasPrefix(expected) == true, "\(found)")
  }
}

/// `x-` top-level keys hold YAML anchors in gantry.yml, as in compose files.
@Suite struct ManifestExtensionKeyTests {
  @Test func extensionKeysAreAcceptedAndTheirAnchorsUsable() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": """
        x-common: &common
          args: {MODE: prod}
          platforms: [linux/amd64]
        services:
          api:
            <<: *common
            context: api
        """,
        "api/Dockerfile": "FROM busybox\n",
      ], into: root)
    let project = try ManifestLoader.load(path: root + "/gantry.yml")
    #expect(project.service(named: "api")?.args == ["MODE": "prod"])
    #expect(project.service(named: "api")?.platforms == ["linux/amd64"])
  }

  @Test func otherUnknownTopLevelKeysAreStillErrors() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(["gantry.yml": "xcommon: {}\nservices: {}\n"], into: root)
    let error = #expect(throws: DiagnosticsError.self) { try ManifestLoader.load(path: root + "/gantry.yml") }
    #expect(error?.diagnostics.map(\.message).contains("unknown key 'xcommon' in the manifest") == true)
  }
}

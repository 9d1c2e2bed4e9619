import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryLoad

/// `builders:`, `toolchain:`, `split:`, `args_by_platform:` and `push:` in gantry.yml.
@Suite struct MultiArchManifestTests {
  func manifest(_ text: String) throws -> String {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      ["gantry.yml": text, "api/Dockerfile": "FROM busybox\n", "base/Dockerfile": "FROM busybox\n"], into: root)
    return root + "/gantry.yml"
  }

  /// `line:column: message | hint` for each problem.
  func problems(_ text: String) throws -> [String] {
    let path = try manifest(text)
    do {
      _ = try ManifestLoader.load(path: path)
      return []
    } catch {
      return error.diagnostics.map {
        "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message) | \($0.hint ?? "")"
      }
    }
  }

  @Test func readsBuilders() throws {
    let project = try ManifestLoader.load(
      path: try manifest(
        """
        builders:
          amd-native:
            platforms: [linux/amd64]
            concurrency: 4
            docker_host: unix:///var/run/amd.sock
          arm:
            platforms: linux/arm64
            buildx_builder: arm-remote
            default: true
          ctx:
            platforms: [linux/arm/v7, linux/arm/v6]
            docker_context: pi
        services:
          api: {context: api}
        """))
    #expect(project.builders.map(\.name) == ["amd-native", "arm", "ctx"])
    #expect(project.builders[0].platforms == ["linux/amd64"])
    #expect(project.builders[0].concurrency == 4)
    #expect(project.builders[0].endpoint == .dockerHost("unix:///var/run/amd.sock"))
    #expect(project.builders[0].isDefault == false)
    #expect(project.builders[1].platforms == ["linux/arm64"])
    #expect(project.builders[1].endpoint == .buildxBuilder("arm-remote"))
    #expect(project.builders[1].isDefault)
    #expect(project.builders[1].concurrency == nil)
    #expect(project.builders[2].endpoint == .dockerContext("pi"))
    #expect(project.builders[0].location?.line == 2)
  }

  @Test func builderProblemsAreReportedTogetherWhereWritten() throws {
    let found = try problems(
      """
      builders:
        one:
          platforms: [linux/amd64, linux/amd64/v2/x]
          concurrency: 0
          docker_host: unix:///a.sock
          docker_context: a
          default: true
        two:
          concurency: 2
          default: true
        three:
          platforms: []
      services:
        api: {context: api}
      """)
    #expect(
      found == [
        "3:30: 'linux/amd64/v2/x' is not a platform of builder 'one' | use os/arch[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7",
        "4:18: builder 'one'.concurrency must be at least 1, found 0 | leave it out to use only the --jobs limit",
        "6:5: builder 'one' has docker_host and docker_context: give one | a builder is reached through one of docker_host, buildx_builder or docker_context",
        "9:5: unknown key 'concurency' in builder 'two' | did you mean 'concurrency'?",
        "8:3: builder 'two' has no platforms | add platforms: [linux/amd64] (the platforms it runs natively)",
        "11:3: builder 'three' has an empty platforms list | name the platforms it runs natively, e.g. [linux/arm64]",
        "8:3: builders 'one' and 'two' are both marked default: true | one builder takes the jobs no builder runs natively: keep default: true on one of them",
      ])
  }

  @Test func readsToolchainSplitPushAndArgsByPlatformOverDefaults() throws {
    let project = try ManifestLoader.load(
      path: try manifest(
        """
        defaults:
          toolchain: go
          split: always
          args_by_platform:
            linux/arm64: {A: "1", B: "1"}
            linux/arm: {V: "7"}
        services:
          base:
            context: base
          api:
            context: api
            toolchain: {name: rust, libc: musl}
            split: never
            push: true
            args_by_platform:
              linux/aarch64: {B: "2"}
        """))
    let base = try #require(project.service(named: "base"))
    #expect(base.multiArch.toolchain?.value == Toolchain(.go))
    #expect(base.multiArch.split == .always)
    #expect(base.multiArch.push == nil)
    // Platforms are normalised: linux/arm is linux/arm/v7, aarch64 is arm64.
    #expect(base.multiArch.argsByPlatform == ["linux/arm64": ["A": "1", "B": "1"], "linux/arm/v7": ["V": "7"]])
    let api = try #require(project.service(named: "api"))
    #expect(api.multiArch.toolchain?.value == Toolchain(.rust, libc: .musl))
    #expect(api.multiArch.toolchain?.location?.line == 12)
    #expect(api.multiArch.split == .never)
    #expect(api.multiArch.push == true)
    #expect(api.multiArch.argsByPlatform == ["linux/arm64": ["A": "1", "B": "2"], "linux/arm/v7": ["V": "7"]])
  }

  @Test func multiArchSettingProblems() throws {
    let found = try problems(
      """
      defaults:
        toolchain: rsut
      services:
        api:
          context: api
          toolchain: {name: go, libc: musl}
          split: sometimes
          push: maybe
          args_by_platform:
            linux: {A: "1"}
            linux/arm64: {"A B": "1"}
        base:
          context: base
          toolchain: {libc: gnu}
      """)
    #expect(
      found == [
        "2:14: unknown toolchain 'rsut' in defaults.toolchain | did you mean 'rust'?",
        "6:33: service 'api'.toolchain.libc applies to the rust toolchain only | remove libc, or pass the variables you need with args_by_platform",
        "7:12: service 'api'.split must be auto, always or never, found 'sometimes' | ",
        "8:11: service 'api'.push must be true or false, found 'maybe' | ",
        "10:7: 'linux' is not a platform of service 'api'.args_by_platform | use os/arch[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7",
        "11:28: 'A B' is not a valid build argument name in service 'api'.args_by_platform.linux/arm64 | names are letters, digits and '_' (no '=', spaces or quotes)",
        "14:16: service 'base'.toolchain has no name | write {name: rust, libc: musl}",
      ])
  }

  @Test func anArchitectureOrSystemNoBuilderRunsIsAWarningAtItsLine() throws {
    let path = try manifest(
      """
      builders:
        one: {platforms: [linux/amd64, linux/toaster]}
      services:
        api:
          context: api
          platforms: [linux/amd64, lnux/arm64, linux/amd46]
      """)
    let project = try ManifestLoader.load(path: path)
    let warnings = project.warnings.map {
      "\($0.location.map { "\($0.line):\($0.column)" } ?? "-"): \($0.message) | \($0.hint ?? "")"
    }
    let known = "known architectures: amd64 arm64 arm 386 ppc64le s390x riscv64 mips64le loong64 wasm"
    #expect(
      warnings == [
        "2:34: 'linux/toaster' of builder 'one' names the architecture 'toaster', which no builder runs | \(known)",
        "6:30: 'lnux/arm64' of service 'api' names the operating system 'lnux', which no builder runs | did you mean 'linux'?",
        "6:42: 'linux/amd46' of service 'api' names the architecture 'amd46', which no builder runs | did you mean 'amd64'? \(known)",
      ])
    // Still platforms: a warning, not an error (BuildKit is the judge of what its builders run).
    #expect(project.services[0].platforms.map(\.description) == ["linux/amd64", "lnux/arm64", "linux/amd46"])
  }

  @Test func platformsAreParsedAndNormalised() {
    // Text read at run time, not a literal (a literal is a platform by construction in tests).
    let parse = { (text: String) in Platform(text) }
    #expect(parse("linux/arm")?.description == "linux/arm/v7")
    #expect(parse("linux/arm64/v8")?.description == "linux/arm64")
    #expect(parse("linux/aarch64")?.description == "linux/arm64")
    #expect(parse("linux/x86_64")?.description == "linux/amd64")
    #expect(parse("linux/i386")?.description == "linux/386")
    #expect(parse("Linux/AMD64/v3")?.description == "linux/amd64/v3")
    #expect(parse("linux/arm/v7")?.tagSuffix == "linux-arm-v7")
    #expect(parse("linux") == nil)
    #expect(parse("linux/amd64/v2/x") == nil)
    #expect(parse("linux//v7") == nil)
    let amd = Platform(os: "linux", architecture: "amd64")
    #expect(amd.runsNatively(Platform("linux/amd64/v3")))
    #expect(!Platform("linux/amd64/v2").runsNatively(Platform("linux/amd64/v3")))
    #expect(!amd.runsNatively(Platform("linux/386")))
    #expect(!Platform("linux/arm/v7").runsNatively(Platform("linux/arm/v6")))
  }
}

import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@testable import GantryPlan

@Suite struct PlannerTests {
  func polyglot() throws -> (root: String, project: Project) {
    let root = try Fixtures.copy("polyglot")
    return (root, try ManifestLoader.load(path: root + "/gantry.yml"))
  }

  @Test func infersEdgesFromDockerfilesAndNeeds() throws {
    let (_, project) = try polyglot()
    let (graph, _) = try Planner().graph(for: project)
    let edges = graph.edges.map { "\($0.service) -> \($0.dependency) [\($0.label)]" }
    #expect(
      edges == [
        "api -> go-base [FROM registry.acme.dev/base/go:1.23]",
        "auth -> api [COPY --from registry.acme.dev/api:latest]",
        "auth -> api [needs]",
        "auth -> go-base [FROM registry.acme.dev/base/go:1.23]",
        "ml -> web [RUN --mount from registry.acme.dev/web]",
        "web -> node-base [FROM registry.acme.dev/base/node:20]",
      ])
  }

  @Test func edgesPointAtTheLineThatMadeThem() throws {
    let (_, project) = try polyglot()
    let (graph, _) = try Planner().graph(for: project)
    let copy = try #require(graph.edges.first { $0.kind == .copyFrom })
    #expect(copy.location?.file.hasSuffix("go/auth/build/Dockerfile.prod") == true)
    #expect(copy.location?.line == 8)
    let needs = try #require(graph.edges.first { $0.kind == .needs })
    #expect(needs.location?.file.hasSuffix("gantry.yml") == true)
    #expect(needs.location?.line == 24)
  }

  @Test func orderPutsEveryJobAfterItsDependencies() throws {
    let (_, project) = try polyglot()
    let plan = try Planner().plan(project)
    let position = Dictionary(uniqueKeysWithValues: plan.order.enumerated().map { ($1, $0) })
    for job in plan.jobs {
      for dep in job.deps { #expect(position[dep]! < position[job.id]!, "\(dep) before \(job.id)") }
    }
    #expect(plan.jobs.count == 8)
    #expect(plan.levels == [["cli", "go-base", "indexer", "node-base"], ["api", "web"], ["auth", "ml"]])
    #expect(plan.criticalPath.count == 3)
  }

  @Test func longestRemainingPathGoesFirst() throws {
    let (_, project) = try polyglot()
    // Known durations make node-base → web → ml the longest chain: it must come first.
    let plan = try Planner().plan(
      project, options: PlanOptions(durations: ["node-base": 30, "web": 60, "ml": 90, "go-base": 5]))
    #expect(plan.order.first == "node-base")
    #expect(plan.criticalPath == ["node-base", "web", "ml"])
  }

  @Test func selectionIncludesDependencies() throws {
    let (_, project) = try polyglot()
    let plan = try Planner().plan(project, options: PlanOptions(selection: ["auth"]))
    #expect(Set(plan.order) == ["auth", "api", "go-base"])
  }

  @Test func unknownSelectionIsAnErrorWithAHint() throws {
    let (_, project) = try polyglot()
    let error = #expect(throws: DiagnosticsError.self) {
      try Planner().plan(project, options: PlanOptions(selection: ["atuh"]))
    }
    #expect(error?.diagnostics.first?.message == "no service named 'atuh'")
    #expect(error?.diagnostics.first?.hint == "did you mean 'auth'?")
  }

  @Test func buildxArgvIsExact() throws {
    let (_, project) = try polyglot()
    let plan = try Planner().plan(project)
    #expect(
      plan.job("api")?.argv == [
        "docker", "buildx", "build", "--progress", "plain", "-f", "go/api/Dockerfile", "--target", "runtime",
        "--build-arg", "CGO_ENABLED=0", "--build-arg", "GO_VERSION=1.23", "--build-arg", "REGISTRY=registry.acme.dev",
        "--platform", "linux/amd64", "-t", "registry.acme.dev/api", "-t", "registry.acme.dev/api:sha-abc123",
        "--label", "team=platform", "--load", "go/api",
      ])
    // Several platforms cannot be loaded into the engine's store: no --load.
    #expect(plan.job("indexer")?.argv.contains("--load") == false)
    #expect(plan.job("indexer")?.argv.contains("linux/amd64,linux/arm64") == true)
    #expect(plan.job("api")?.env == [:])
  }

  @Test func dockerBackendArgvAndEnvironment() throws {
    let (_, project) = try polyglot()
    let plan = try Planner().plan(project, options: PlanOptions(backend: .docker, client: "/usr/bin/docker"))
    let web = try #require(plan.job("web"))
    #expect(web.argv.prefix(2) == ["/usr/bin/docker", "build"])
    #expect(!web.argv.contains("--cache-to"))
    #expect(!web.argv.contains("--load"))
    #expect(web.env == ["DOCKER_BUILDKIT": "1"])
    #expect(plan.warnings.contains { $0.message.contains("cache_to is ignored by the docker backend") })
  }

  @Test func aCycleNamesThePathAndWhereEachEdgeComesFrom() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": """
        services:
          api:
            context: api
            needs: [lib]
          lib:
            context: lib
            image: acme/lib
        """,
        "api/Dockerfile": "FROM busybox\n",
        "lib/Dockerfile": "FROM busybox AS x\nCOPY --from=api /a /a\n",
      ], into: root)
    let project = try ManifestLoader.load(path: root + "/gantry.yml")
    let error = #expect(throws: DiagnosticsError.self) { try Planner().plan(project) }
    let diagnostic = try #require(error?.diagnostics.first)
    #expect(diagnostic.message == "dependency cycle: api -> lib -> api")
    #expect(diagnostic.location?.line == 4)
    #expect(diagnostic.hint?.contains("api -> lib: needs at ") == true)
    #expect(diagnostic.hint?.contains("lib -> api: COPY --from api at ") == true)
    #expect(diagnostic.hint?.contains("lib/Dockerfile:2:") == true)
  }

  @Test func twoServicesBuildingOneImageIsAnError() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml":
          "services:\n  a:\n    context: a\n    image: acme/x\n  b:\n    context: b\n    image: docker.io/acme/x:latest\n",
        "a/Dockerfile": "FROM busybox\n", "b/Dockerfile": "FROM busybox\n",
      ], into: root)
    let project = try ManifestLoader.load(path: root + "/gantry.yml")
    let error = #expect(throws: DiagnosticsError.self) { try Planner().graph(for: project) }
    #expect(error?.diagnostics.first?.message == "services 'a' and 'b' both build the image 'docker.io/acme/x:latest'")
    #expect(error?.diagnostics.first?.location?.line == 7)
  }

  @Test func planningReadsFilesOnlyThroughTheReader() throws {
    let (_, project) = try polyglot()
    // A planner whose reader serves every Dockerfile from memory: planning needs nothing else.
    let planner = Planner(readFile: { _ in Array("FROM registry.acme.dev/base/go:1.23\n".utf8) })
    let plan = try planner.plan(project)
    #expect(plan.job("web")?.deps == ["go-base"])
  }

  @Test func commandBackendFillsTheTemplateAndTheEnvironment() throws {
    var (root, project) = try polyglot()
    let template = try CommandTemplate(
      argv: ["/opt/bin/buildah", "bud", "{tag-flags}", "--iidfile", "{iidfile}", "-f", "{dockerfile}", "{context}"],
      env: ["STORAGE_DRIVER": "vfs"])
    project.backend = Located(.command(template), at: nil)
    let plan = try Planner().plan(
      project,
      options: PlanOptions(backend: .command, client: "ignored", outputDirectory: root + "/.gantry/runs/r1/iid"))
    #expect(plan.backend == .command)
    let auth = try #require(plan.job("auth"))
    #expect(
      auth.argv == [
        "/opt/bin/buildah", "bud", "-t", "registry.acme.dev/auth:2", "--iidfile", ".gantry/runs/r1/iid/auth.iid",
        "-f", "go/auth/build/Dockerfile.prod", "go/auth",
      ])
    #expect(auth.env == ["STORAGE_DRIVER": "vfs"])
    // Dependencies come from the Dockerfiles as with any backend.
    #expect(auth.deps == ["api", "go-base"])
    // What the template has no placeholder for is named, per service.
    let dropped = plan.warnings.map(\.message).filter { $0.contains("the command backend does not pass") }
    #expect(
      dropped.contains(
        "service 'api': the command backend does not pass args (no {build-arg-flags}), labels (no {label-flags}), target (no {target} or {target-flags}), platforms (no {platforms} or {platform-flags})"
      ))
    #expect(
      dropped.contains(
        "service 'web': the command backend does not pass args (no {build-arg-flags}), platforms (no {platforms} or {platform-flags}), cache_from, cache_to"
      ))
    #expect(
      dropped.contains(
        "service 'ml': the command backend does not pass args (no {build-arg-flags}), platforms (no {platforms} or {platform-flags}), network"
      ))
  }

  @Test func anInlineDockerfileIsReadFromStandardInput() throws {
    let root = try Fixtures.copy("compose-contexts")
    var project = try ProjectLoader.load(folder: root)
    #expect(project.backend == nil)
    project.backend = Located(
      .command(try CommandTemplate(argv: ["kaniko", "--dockerfile={dockerfile}", "--context=dir://{context}"])), at: nil
    )
    let plan = try Planner().plan(project, options: PlanOptions(backend: .command, selection: ["docs"]))
    let docs = try #require(plan.job("docs"))
    #expect(docs.argv == ["kaniko", "--dockerfile=-", "--context=dir://docs"])
    #expect(docs.stdin?.hasPrefix("FROM shop/base:1") == true)
  }

  @Test func commandBackendWithoutATemplateSaysWhatToAdd() throws {
    let (_, project) = try polyglot()
    let error = #expect(throws: DiagnosticsError.self) {
      try Planner().plan(project, options: PlanOptions(backend: .command))
    }
    let diagnostic = try #require(error?.diagnostics.first)
    #expect(
      diagnostic.message.hasPrefix("the command backend needs a command template (backend.command in the manifest)"))
    #expect(diagnostic.hint?.contains("backend:\n        command: [podman, build,") == true)

    let compose = try ProjectLoader.load(folder: try Fixtures.copy("compose-contexts"))
    let composeError = #expect(throws: DiagnosticsError.self) {
      try Planner().plan(compose, options: PlanOptions(backend: .command))
    }
    #expect(composeError?.diagnostics.first?.hint?.hasPrefix("compose files have no backend setting") == true)
  }
}

/// Compose services sharing one image and build definition: one job, naming every service.
@Suite struct SharedImagePlanTests {
  @Test func oneJobNamesEveryServiceAndEitherNameSelectsIt() throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "compose.yaml": "services:\n  web: &app\n    image: acme/app:1\n    build: ./app\n  worker: *app\n",
        "app/Dockerfile": "FROM busybox\n",
      ], into: root)
    let project = try ComposeLoader.load(paths: [root + "/compose.yaml"], environment: [:])
    let plan = try Planner().plan(project)
    #expect(plan.jobs.map(\.id) == ["web"])
    #expect(plan.jobs.first?.services == ["web", "worker"])
    #expect(try JSONOutput.encode(plan).contains("\"worker\""))
    #expect(try PlanRenderer.render(plan, format: .text).contains("1. web  (image of web, worker)  on default"))
    let selected = try Planner().plan(project, options: PlanOptions(selection: ["worker"]))
    #expect(selected.jobs.map(\.id) == ["web"])
  }
}

/// A compose build secret whose variable is set only in `.env`: the builder needs its value in the
/// environment, and nothing printed may show it.
@Suite struct DotEnvSecretPlanTests {
  static let value = "s3cr3t-from-dotenv"

  func project(environment: [String: String] = [:]) throws -> Project {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "compose.yaml": """
        services:
          app:
            build:
              context: ./app
              secrets: [npmrc]
        secrets:
          npmrc:
            environment: NPM_CONFIG
        """,
        ".env": "NPM_CONFIG=\(Self.value)\n",
        "app/Dockerfile": "FROM busybox\nRUN --mount=type=secret,id=npmrc true\n",
      ], into: root)
    return try ComposeLoader.load(paths: [root + "/compose.yaml"], environment: environment)
  }

  @Test func theValueIsInTheJobEnvironmentOnly() throws {
    let plan = try Planner().plan(try project())
    let job = try #require(plan.jobs.first)
    #expect(job.argv.contains("id=npmrc,env=NPM_CONFIG"))
    #expect(!job.argv.joined(separator: " ").contains(Self.value))
    #expect(job.env["NPM_CONFIG"] == Self.value)
    for format in [PlanRenderer.Format.text, .json] {
      let shown = try PlanRenderer.render(plan, format: format)
      #expect(!shown.contains(Self.value))
      #expect(shown.contains("NPM_CONFIG"))
    }
  }

  @Test func aValueFromGantrysOwnEnvironmentIsNotCopied() throws {
    let plan = try Planner().plan(try project(environment: ["NPM_CONFIG": "from-env"]))
    #expect(plan.jobs.first?.env["NPM_CONFIG"] == nil)
  }
}

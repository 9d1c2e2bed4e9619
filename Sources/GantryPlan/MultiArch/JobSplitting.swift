import GantryCore
import GantryDockerfile
import GantryLoad

/// How one service became jobs.
struct ServiceJobs {
  var jobs: [Job]
  /// One job per platform (`api@linux/arm64`) rather than one for the service.
  var split: Bool
  var pushed: Bool
  /// The platforms built.
  var platforms: [Platform]
  /// For split services: platform → job id, and platform → the per-platform tag.
  var byPlatform: [Platform: String] = [:]
  var perPlatformTags: [Platform: String] = [:]
  /// What dependents wait for when no per-platform job applies: the service's final job(s).
  var finalIDs: [String]
  /// Expected-duration weight of jobs whose build steps run under emulation.
  var weights: [String: Double] = [:]
}

/// Turns a service into its jobs: one build, one build per platform, and a manifest-list job when
/// per-platform images are pushed (docs/multi-arch.md says when each happens).
struct JobSplitting {
  var backend: Backend
  var routing: BuilderRouting
  var argvBuilder: ArgvBuilder
  /// `--push`, or nil to follow each service's `push:`.
  var push: Bool?
  /// Each service's first tag, for `service:NAME` contexts.
  var contextImages: [String: String]
  /// Each service's tags: the names a dependent's Dockerfile may use for its image.
  var allTags: [String: [String]]
  var graph: ServiceGraph
  var dockerfiles: [String: Dockerfile]
  /// What every build job needs in its environment (`DOCKER_BUILDKIT=1` for the docker backend).
  var baseEnv: [String: String]

  /// - Parameters:
  ///   - platforms: the platforms to build (after `--platform`).
  ///   - earlier: the jobs of the services this one depends on.
  func expand(
    _ service: ServiceDefinition, platforms: [Platform], earlier: [String: ServiceJobs],
    diagnostics: inout DiagnosticCollector
  ) -> ServiceJobs {
    let pushed = push ?? service.multiArch.push ?? false
    if service.multiArch.push == true, push == nil, backend != .buildx {
      diagnostics.error(
        "service '\(service.name)' has push: true, which needs the buildx backend (the \(backend.rawValue) backend cannot push)",
        at: service.location, hint: "use --backend buildx, or remove push:")
    }
    var args: [Platform: [String: String]] = [:]
    for platform in platforms {
      args[platform] = arguments(for: service, platform: platform, diagnostics: &diagnostics)
    }
    let dependencies = graph.dependencies(of: service.name)
    let mode = service.multiArch.split ?? .auto
    let argsDiffer = Set(args.values).count > 1
    let split: Bool
    if platforms.count < 2 {
      split = false
    } else {
      switch mode {
      case .always: split = true
      case .never:
        split = false
        if argsDiffer {
          diagnostics.error(
            "service '\(service.name)' has split: never, but its platforms need different build arguments (toolchain or args_by_platform)",
            at: service.location,
            hint:
              "use split: auto, or drop toolchain/args_by_platform and read BuildKit's TARGETOS/TARGETARCH arguments instead"
          )
        }
        if backend == .docker {
          diagnostics.error(
            "service '\(service.name)' has split: never, but the docker backend builds one platform per invocation",
            at: service.location, hint: "use split: auto, or --backend buildx")
        }
      case .auto:
        let candidateSets = Set(platforms.map { routing.candidates(for: [$0]).names })
        let dependencySplit = dependencies.contains { dependency in
          earlier[dependency]?.split == true && earlier[dependency]?.pushed == false
            && graph.edges(from: service.name, to: dependency).contains { $0.kind != .needs }
        }
        let loadsForOthers = !pushed && (!graph.dependents(of: service.name).isEmpty || dependencySplit)
        split = candidateSets.count > 1 || argsDiffer || backend == .docker || loadsForOthers
      }
    }
    var result = ServiceJobs(
      jobs: [], split: split, pushed: pushed, platforms: platforms, finalIDs: [service.name])
    if !split {
      let single = platforms.count == 1 ? platforms[0] : nil
      var definition = service
      definition.platforms = platforms
      if let single { definition.args = args[single] ?? service.args }
      let job = buildJob(
        id: service.name, definition: definition, platforms: platforms, platform: single, pushed: pushed,
        earlier: earlier, diagnostics: &diagnostics, weights: &result.weights)
      result.jobs = [job]
      return result
    }
    let firstTag = service.allTags.first ?? service.name
    for platform in platforms {
      let id = "\(service.name)@\(platform)"
      let tag = Self.perPlatformTag(firstTag, platform)
      var definition = service
      definition.platforms = [platform]
      definition.args = args[platform] ?? service.args
      definition.image = Located(tag, at: service.image?.location)
      definition.tags = []
      result.jobs.append(
        buildJob(
          id: id, definition: definition, platforms: [platform], platform: platform, pushed: pushed, earlier: earlier,
          diagnostics: &diagnostics, weights: &result.weights))
      result.byPlatform[platform] = id
      result.perPlatformTags[platform] = tag
    }
    if pushed {
      result.jobs.append(manifestJob(service, perPlatform: result, platforms: platforms))
    } else {
      result.finalIDs = result.jobs.map(\.id)
    }
    return result
  }

  /// The service's arguments for one platform: the toolchain's, then `args` (explicit values win),
  /// then `args_by_platform` (over everything).
  func arguments(
    for service: ServiceDefinition, platform: Platform, diagnostics: inout DiagnosticCollector
  ) -> [String: String] {
    var args: [String: String] = [:]
    let byPlatform = service.multiArch.argsByPlatform[platform]
    if let toolchain = service.multiArch.toolchain {
      if let generated = Toolchains.args(for: toolchain.value, platform: platform) {
        args = generated
      } else if byPlatform == nil {
        let name = toolchain.value.name.rawValue + (toolchain.value.libc == .musl ? " (musl)" : "")
        diagnostics.error(
          "toolchain \(name) of service '\(service.name)' has no target for \(platform)", at: toolchain.location,
          hint: "it knows \(Toolchains.supportedPlatforms(of: toolchain.value).joined(separator: ", ")); "
            + "pass the variables with args_by_platform: {\(platform): {…}}, or remove the platform")
      }
    }
    args.merge(service.args) { _, explicit in explicit }
    args.merge(byPlatform ?? [:]) { _, new in new }
    return args
  }

  /// One build job: its builder candidates, dependencies, argv with the preferred builder's endpoint.
  func buildJob(
    id: String, definition: ServiceDefinition, platforms: [Platform], platform: Platform?, pushed: Bool,
    earlier: [String: ServiceJobs], diagnostics: inout DiagnosticCollector, weights: inout [String: Double]
  ) -> Job {
    let (names, emulated) = routing.candidates(for: platforms)
    let builder = routing.builder(named: names[0]) ?? routing.defaultBuilder
    var deps: [String] = []
    var imageContexts: [String: String] = [:]
    var contextImages = self.contextImages
    for dependency in graph.dependencies(of: definition.name) {
      // Edges drawn by platform arguments hold only for the platforms that draw them.
      let edges = graph.edges(from: definition.name, to: dependency).filter { $0.applies(to: platforms) }
      guard let other = earlier[dependency], !edges.isEmpty else { continue }
      let readsImage = edges.contains { $0.kind != .needs }
      let missing = platforms.filter { platform in
        !other.platforms.isEmpty && !other.platforms.contains(platform)
          && edges.contains { $0.applies(to: [platform]) }
      }
      if readsImage, !missing.isEmpty {
        let list = missing.map(\.description).joined(separator: ", ")
        diagnostics.warning(
          "service '\(definition.name)' builds \(list), but its dependency '\(dependency)' builds only \(other.platforms.map(\.description).joined(separator: ", "))",
          at: graph.edges(from: definition.name, to: dependency).first { $0.kind != .needs }?.location,
          hint: "add \(list) to the platforms of '\(dependency)', unless its image holds only platform-neutral files")
      }
      guard other.split, !other.pushed else {
        deps += other.finalIDs
        continue
      }
      guard let platform, let id = other.byPlatform[platform],
        let tag = other.perPlatformTags[platform]
      else {
        deps += other.jobs.map(\.id)
        if readsImage, platform == nil {
          diagnostics.warning(
            "service '\(definition.name)' is built for several platforms in one job, so it cannot read the per-platform images of '\(dependency)'",
            at: definition.location, hint: "use split: auto (the default) or push '\(dependency)'")
        }
        continue
      }
      deps.append(id)
      contextImages[dependency] = tag
      guard readsImage else { continue }
      if backend == .buildx {
        for dependencyTag in allTags[dependency] ?? [] {
          imageContexts[Self.contextName(dependencyTag)] = tag
        }
      } else {
        diagnostics.warning(
          "service '\(definition.name)' reads the image of '\(dependency)', which is built per platform and not pushed; "
            + "the \(backend.rawValue) backend cannot point it at the per-platform images (\(tag.dropLast(platform.tagSuffix.count))<os>-<arch>)",
          at: graph.edges(from: definition.name, to: dependency).first { $0.kind != .needs }?.location,
          hint: "use --backend buildx (gantry then passes --build-context), or push '\(dependency)'")
      }
    }
    var definition = definition
    // A service with no platforms builds for its builder's: its cache is that platform's.
    let cachePlatforms = platforms.isEmpty ? Array(builder.platforms.prefix(1)) : platforms
    CacheExpansion.apply(
      to: &definition, image: allTags[definition.name]?.first ?? definition.name, platforms: cachePlatforms,
      backend: backend, diagnostics: &diagnostics)
    var invocation = argvBuilder.invocation(
      for: definition, jobID: id, contextImages: contextImages, push: pushed, imageContexts: imageContexts)
    invocation.endpoint = builder.endpoint
    var env = baseEnv
    // A secret variable set only in an env file reaches the builder through the job's environment.
    for secret in definition.secrets {
      if case .environment(let variable) = secret.source, let value = secret.value { env[variable] = value }
    }
    if emulated, let dockerfile = dockerfiles[definition.name] {
      let foreign = routing.foreign(platforms, on: builder)
      let warnings = EmulationCheck.warnings(
        service: definition, dockerfile: dockerfile, foreign: foreign, builder: builder)
      diagnostics.append(contentsOf: warnings)
      if !warnings.isEmpty { weights[id] = EmulationCheck.slowdown }
    }
    let loads = backend == .docker || (backend == .buildx && !pushed && platforms.count <= 1)
    var job = Job(
      id: id, service: definition.name, platforms: definition.platforms, deps: Array(Set(deps)).sorted(), argv: [],
      env: env, tags: definition.allTags, stdin: definition.dockerfileInline, kind: .build, builder: builder.name,
      candidates: names, emulated: emulated, loads: loads, services: [definition.name] + definition.sharedBy)
    job.invocation = invocation
    job.source = JobSource(definition, root: argvBuilder.root)
    return job
  }

  /// `docker buildx imagetools create -t TAG… PER-PLATFORM-TAG…`: the service's tags become one
  /// manifest list over the pushed per-platform images. Runs on the default builder.
  func manifestJob(_ service: ServiceDefinition, perPlatform: ServiceJobs, platforms: [Platform]) -> Job {
    let builder = routing.defaultBuilder
    let tags = service.allTags.isEmpty ? [service.name] : service.allTags
    var arguments: [String] = []
    for tag in tags { arguments += ["-t", tag] }
    arguments += platforms.compactMap { perPlatform.perPlatformTags[$0] }
    var job = Job(
      id: service.name, service: service.name, platforms: platforms,
      deps: perPlatform.jobs.map(\.id).sorted(), argv: [], env: [:], tags: tags, kind: .manifest,
      builder: builder.name, candidates: [builder.name], emulated: false, loads: false,
      services: [service.name] + service.sharedBy)
    job.invocation = Invocation(
      client: argvBuilder.client, verb: ["buildx", "imagetools", "create"], arguments: arguments,
      endpoint: builder.endpoint)
    return job
  }

  /// `acme/api:1` → `acme/api:1-linux-arm64`; `acme/api` → `acme/api:latest-linux-arm64`.
  static func perPlatformTag(_ tag: String, _ platform: Platform) -> String {
    let name = tag.split(separator: "@", maxSplits: 1).first.map(String.init) ?? tag
    let slash = name.lastIndex(of: "/")
    if let colon = name.lastIndex(of: ":"), slash.map({ colon > $0 }) ?? true {
      return "\(name)-\(platform.tagSuffix)"
    }
    return "\(name):latest-\(platform.tagSuffix)"
  }

  /// The name BuildKit looks a `FROM` image up by among named contexts: the familiar form without `:latest`.
  static func contextName(_ tag: String) -> String {
    let familiar = ImageReference(tag)?.familiar ?? tag
    return familiar.hasSuffix(":latest") ? String(familiar.dropLast(":latest".count)) : familiar
  }
}

import GantryLoad

/// Where a builder's endpoint goes in a job's command: `DOCKER_HOST` in its environment,
/// `--context NAME` right after the client, or `--builder NAME` after the buildx subcommand.
///
/// The plan writes each job for its preferred builder; when the run sends it to another candidate,
/// `Job.routed(to:from:backend:)` takes the first endpoint out and puts the other in.
extension PlannedBuilder {
  /// Adds this builder's endpoint to a command the planner wrote without one.
  func apply(to argv: inout [String], env: inout [String: String], backend: Backend) {
    switch endpoint {
    case nil: return
    case .dockerHost(let url): env["DOCKER_HOST"] = url
    case .dockerContext(let name):
      if backend == .command {
        env["DOCKER_CONTEXT"] = name
      } else if !argv.isEmpty {
        argv.insert(contentsOf: ["--context", name], at: 1)
      }
    case .buildxBuilder(let name):
      if let index = Self.builderFlagIndex(in: argv) { argv.insert(contentsOf: ["--builder", name], at: index) }
    }
  }

  /// Takes out what `apply` put in; anything else is left as it is.
  func remove(from argv: inout [String], env: inout [String: String], backend: Backend) {
    switch endpoint {
    case nil: return
    case .dockerHost(let url): if env["DOCKER_HOST"] == url { env["DOCKER_HOST"] = nil }
    case .dockerContext(let name):
      if backend == .command {
        if env["DOCKER_CONTEXT"] == name { env["DOCKER_CONTEXT"] = nil }
      } else if argv.count >= 3, argv[1] == "--context", argv[2] == name {
        argv.removeSubrange(1...2)
      }
    case .buildxBuilder(let name):
      if let index = Self.builderFlagIndex(in: argv), argv.count > index + 1, argv[index] == "--builder",
        argv[index + 1] == name
      {
        argv.removeSubrange(index...(index + 1))
      }
    }
  }

  /// Where `--builder` goes: after `buildx build`, or after `buildx imagetools create`.
  static func builderFlagIndex(in argv: [String]) -> Int? {
    guard let buildx = argv.firstIndex(of: "buildx"), buildx + 1 < argv.count else { return nil }
    switch argv[buildx + 1] {
    case "build": return buildx + 2
    case "imagetools": return min(buildx + 3, argv.count)
    default: return buildx + 1
    }
  }

  /// A docker client command (`save`, `load`, `image inspect`) aimed at this builder's image store.
  public func clientCommand(client: String, _ arguments: [String]) -> (argv: [String], env: [String: String]) {
    switch endpoint {
    case .dockerHost(let url): return ([client] + arguments, ["DOCKER_HOST": url])
    case .dockerContext(let name): return ([client, "--context", name] + arguments, [:])
    case .buildxBuilder, nil: return ([client] + arguments, [:])
    }
  }
}

extension Job {
  /// This job sent to `builder` instead of `current` (the builder its argv and env were written for).
  public func routed(to builder: PlannedBuilder, from current: PlannedBuilder?, backend: Backend) -> Job {
    guard builder.name != self.builder else { return self }
    var job = self
    current?.remove(from: &job.argv, env: &job.env, backend: backend)
    builder.apply(to: &job.argv, env: &job.env, backend: backend)
    job.builder = builder.name
    return job
  }
}

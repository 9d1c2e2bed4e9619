import ArgumentParser
import GantryExec
import GantryReport
import GantryLoad

extension Backend: ExpressibleByArgument {}

/// How `gantry build` starts builds: a builder command, or a choice made at start-up.
enum BackendChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, buildx, docker, command

  /// The manifest's `backend:` as a choice.
  init(_ setting: BackendSetting) {
    switch setting {
    case .auto: self = .auto
    case .named(let backend): self = BackendChoice(rawValue: backend.rawValue) ?? .auto
    case .command: self = .command
    }
  }

  /// The flag when given, else the manifest's setting, else `auto`.
  static func resolve(flag: BackendChoice?, project: Project) -> BackendChoice {
    flag ?? project.backend.map { BackendChoice($0.value) } ?? .auto
  }

  /// The backend to plan with; `auto` asks the client whether buildx is there.
  func backend(client: String, environment: [String: String]) async -> Backend {
    switch self {
    case .buildx: .buildx
    case .docker: .docker
    case .command: .command
    case .auto: await BackendProbe.hasBuildx(client: client, environment: environment) ? .buildx : .docker
    }
  }

  /// The backend `gantry plan` shows: as for a build, except that `auto` means buildx (planning starts no process).
  static func planned(flag: Backend?, project: Project) -> Backend {
    switch resolve(flag: flag.flatMap { BackendChoice(rawValue: $0.rawValue) }, project: project) {
    case .auto, .buildx: .buildx
    case .docker: .docker
    case .command: .command
    }
  }
}

import GantryCore

/// Which builder command a job runs.
public enum Backend: String, Sendable, Codable, CaseIterable {
  /// `docker buildx build …`
  case buildx
  /// `docker build …` with `DOCKER_BUILDKIT=1`.
  case docker
  /// The manifest's `backend: {command: [...]}` template (podman, buildah, kaniko and the like).
  case command
}

/// The manifest's `backend:` setting; a `--backend` flag overrides it.
public enum BackendSetting: Hashable, Sendable {
  /// `backend: auto`: buildx when the client has it, else docker (as with no setting).
  case auto
  /// `backend: buildx` or `backend: docker`.
  case named(Backend)
  /// `backend: {command: [...], env: {...}}`.
  case command(CommandTemplate)

  /// The template, when the setting is one.
  public var template: CommandTemplate? {
    if case .command(let template) = self { return template }
    return nil
  }
}

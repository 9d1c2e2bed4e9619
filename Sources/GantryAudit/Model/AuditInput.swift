import GantryCore
import GantryDockerfile

/// One service's Dockerfile, read and parsed, with what the checks need to know about its build.
public struct AuditedDockerfile: Sendable {
  public var service: String
  /// The Dockerfile's path relative to the manifest's folder (what findings show).
  public var file: String
  public var text: String
  public var model: Dockerfile
  public var instructions: [Instruction]
  /// The `target:` stage; the last stage when nil.
  public var target: String?
  /// The platforms the service builds for (`platforms:`); empty for the builder's own.
  public var platforms: [String]
  /// The platform the builder runs natively, e.g. `linux/amd64`.
  public var nativePlatform: String

  public init(
    service: String, file: String, text: String, buildArgs: [String: String] = [:], target: String? = nil,
    platforms: [String] = [], nativePlatform: String = "linux/amd64"
  ) {
    self.service = service
    self.file = file
    self.text = text
    self.model = DockerfileParser.parse(text, file: file, buildArgs: buildArgs)
    self.instructions = DockerfileParser.instructions(text, file: file)
    self.target = target
    self.platforms = platforms
    self.nativePlatform = nativePlatform
  }

  /// The index of the stage the build produces.
  public var finalStageIndex: Int? {
    guard !model.stages.isEmpty else { return nil }
    return target.flatMap { model.stage(named: $0)?.index } ?? model.stages.count - 1
  }

  /// The instructions of stage `index`, its `FROM` first.
  public func instructions(ofStage index: Int) -> [Instruction] {
    instructions.filter { $0.stageIndex == index }
  }

  /// The stages the build runs (the target and what it reaches), or every stage up to the target
  /// when that cannot be told.
  public var builtStages: [Int] {
    guard let final = finalStageIndex else { return [] }
    if let built = model.stagesBuilt(target: target) { return built.sorted() }
    return Array(0...final)
  }
}

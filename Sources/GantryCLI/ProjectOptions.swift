import ArgumentParser
import Foundation
import GantryCore
import GantryLoad

/// Where the service definitions are: shared by every command that reads them.
struct ProjectOptions: ParsableArguments {
  @Option(
    name: [.short, .customLong("file")],
    help: ArgumentHelp(
      "A gantry.yml or compose file to read (repeat for several compose files; later ones override).",
      valueName: "path"))
  var files: [String] = []

  @Option(
    name: [.customShort("C"), .customLong("directory")],
    help: ArgumentHelp("Run as if started in this folder.", valueName: "dir"))
  var directory: String?

  @Option(
    name: .customLong("profile"),
    help: ArgumentHelp(
      "A compose profile to activate (repeatable; '*' for all). Default: COMPOSE_PROFILES.", valueName: "name"))
  var profiles: [String] = []

  @Option(
    name: .customLong("env-file"),
    help: ArgumentHelp(
      "A compose env file read instead of the project's .env (repeatable; later files win).", valueName: "path"))
  var envFiles: [String] = []

  /// The folder to look in, absolute.
  var folder: String {
    let cwd = FileManager.default.currentDirectoryPath
    return directory.map { Paths.absolute($0, relativeTo: cwd) } ?? cwd
  }

  func loadProject() throws -> Project {
    let cwd = FileManager.default.currentDirectoryPath
    let files = self.files.map { Paths.absolute($0, relativeTo: cwd) }
    let compose = ComposeOptions(
      profiles: profiles.isEmpty ? nil : profiles, envFiles: envFiles.map { Paths.absolute($0, relativeTo: cwd) })
    return try ProjectLoader.load(
      folder: folder, files: files, environment: ProcessInfo.processInfo.environment, compose: compose)
  }
}

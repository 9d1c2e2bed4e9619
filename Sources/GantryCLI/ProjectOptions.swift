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

  /// The folder to look in, absolute.
  var folder: String {
    let cwd = FileManager.default.currentDirectoryPath
    return directory.map { Paths.absolute($0, relativeTo: cwd) } ?? cwd
  }

  func loadProject() throws -> Project {
    let cwd = FileManager.default.currentDirectoryPath
    let files = self.files.map { Paths.absolute($0, relativeTo: cwd) }
    return try ProjectLoader.load(folder: folder, files: files, environment: ProcessInfo.processInfo.environment)
  }
}

import Foundation
import PackagePlugin

/// `swift package gantry <arguments>`: runs gantry in the package's folder, for repositories that
/// keep their images beside a Swift package (for example `swift package gantry plan`).
@main
struct GantryPlugin: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    let tool = try context.tool(named: "gantry")
    let process = Process()
    process.executableURL = tool.url
    process.arguments = arguments.isEmpty ? ["plan"] : arguments
    process.currentDirectoryURL = context.package.directoryURL
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
      Diagnostics.error(
        "gantry \(process.arguments?.joined(separator: " ") ?? "") exited with status \(process.terminationStatus)")
      throw GantryPluginFailure(status: process.terminationStatus)
    }
  }
}

/// gantry's own exit status, carried out of the plugin.
struct GantryPluginFailure: Error, CustomStringConvertible {
  var status: Int32
  var description: String { "gantry exited with status \(status)" }
}

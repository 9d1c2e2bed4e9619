import ArgumentParser
import Foundation
import GantryCore

/// Runs the command line and turns every failure into the documented exit status.
public enum Entrypoint {
  /// Exit statuses, as documented in docs/commands.md.
  public typealias Status = ExitStatus

  public static func main(_ arguments: [String]? = nil) async -> Never {
    do {
      var command = try Gantry.parseAsRoot(arguments)
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      exit(Status.success.rawValue)
    } catch {
      exit(report(error))
    }
  }

  /// Prints an error the way the user can act on it and returns the exit status it stands for.
  static func report(_ error: any Error) -> Int32 {
    switch error {
    case let error as any ReportableError:
      Terminal.printError(error.rendered)
      return error.exitStatus.rawValue
    case let error as ExitCode:
      return error.rawValue
    default:
      // Parser errors: help and --version print to stdout and succeed; usage mistakes exit 2.
      let code = Gantry.exitCode(for: error)
      let message = Gantry.fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        return Status.success.rawValue
      }
      Terminal.printError(message)
      return code == .validationFailure ? Status.badInput.rawValue : code.rawValue
    }
  }
}

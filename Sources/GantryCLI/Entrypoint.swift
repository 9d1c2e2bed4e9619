import ArgumentParser
import Foundation
import GantryCore
import GantryExec
import GantryReport
import GantryLoad

/// Runs the command line and turns every failure into the documented exit status.
public enum Entrypoint {
  /// Exit statuses, as documented in docs/exit-status.md.
  public enum Status: Int32 {
    case success = 0
    case buildFailed = 1
    case badInput = 2
    case interrupted = 130
  }

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
    case let error as DiagnosticsError:
      Terminal.printError(error.description)
      return Status.badInput.rawValue
    case let error as LoadError:
      Terminal.printError(error.description)
      return Status.badInput.rawValue
    case let error as RunLock.Failure:
      Terminal.printError(error.description)
      return Status.badInput.rawValue
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

/// Hides the values of build arguments whose names look secret, wherever gantry prints a command.
///
/// The command that runs keeps the real value; only what people and logs see is redacted. Real
/// secrets belong in `secrets:` (passed with `--secret`, never as a build argument).
public enum Redaction {
  /// Name fragments that mark a value as secret (compared case-insensitively).
  public static let markers = ["TOKEN", "PASSWORD", "PASSWD", "SECRET", "KEY", "CREDENTIAL"]
  public static let mask = "***"

  /// True for `NPM_TOKEN`, `db_password`, `AWS_SECRET_ACCESS_KEY`, `API_KEY`.
  public static func looksSecret(_ name: String) -> Bool {
    let upper = name.uppercased()
    return markers.contains { upper.contains($0) }
  }

  /// The argv with `--build-arg NAME=value` values masked for secret-looking names.
  public static func argv(_ argv: [String]) -> [String] {
    var result = argv
    for index in result.indices.dropFirst() where result[index - 1] == "--build-arg" {
      result[index] = buildArg(result[index])
    }
    for index in result.indices where result[index].hasPrefix("--build-arg=") {
      result[index] = "--build-arg=" + buildArg(String(result[index].dropFirst("--build-arg=".count)))
    }
    return result
  }

  /// The variables `--secret id=…,env=NAME` reads: their values are secrets whatever their names.
  public static func secretVariables(_ argv: [String]) -> [String] {
    var specs: [String] = []
    for index in argv.indices.dropFirst() where argv[index - 1] == "--secret" { specs.append(argv[index]) }
    specs += argv.filter { $0.hasPrefix("--secret=") }.map { String($0.dropFirst("--secret=".count)) }
    return specs.flatMap { spec in
      spec.split(separator: ",").compactMap { field in
        field.hasPrefix("env=") ? String(field.dropFirst("env=".count)) : nil
      }
    }
  }

  /// `NAME=value` → `NAME=***` when the name looks secret.
  static func buildArg(_ assignment: String) -> String {
    guard let equals = assignment.firstIndex(of: "=") else { return assignment }
    let name = String(assignment[..<equals])
    return looksSecret(name) ? name + "=" + mask : assignment
  }
}

extension Plan {
  /// The plan as it may be shown: secret-looking build arguments and environment values masked.
  public func redacted() -> Plan {
    var copy = self
    copy.jobs = jobs.map { job in
      var job = job
      job.argv = Redaction.argv(job.argv)
      let secretSources = Set(Redaction.secretVariables(job.argv))
      for (name, _) in job.env where Redaction.looksSecret(name) || secretSources.contains(name) {
        job.env[name] = Redaction.mask
      }
      return job
    }
    return copy
  }
}

/// Writes a plan for people (text) or programs (JSON).
public enum PlanRenderer {
  public enum Format: String, CaseIterable, Sendable {
    case text, json
  }

  /// Secret-looking build arguments are shown as `***` (the plan itself keeps the real values).
  public static func render(_ plan: Plan, format: Format) throws -> String {
    let shown = plan.redacted()
    switch format {
    case .json: return try JSONOutput.encode(shown)
    case .text: return text(shown)
    }
  }

  static func text(_ plan: Plan) -> String {
    var lines: [String] = []
    let count = plan.jobs.count
    lines.append("\(count) job\(count == 1 ? "" : "s"), backend \(plan.backend.rawValue)")
    lines.append("")
    lines += builderLines(plan)
    for (index, job) in plan.jobs.enumerated() {
      var header = "\(index + 1). \(job.id)"
      if job.services.count > 1 { header += "  (image of \(job.services.joined(separator: ", ")))" }
      if job.kind == .manifest { header += "  manifest list" }
      if !job.platforms.isEmpty { header += "  [\(job.platforms.map(\.description).joined(separator: ", "))]" }
      header += "  on \(job.builder)"
      var notes = job.kind == .manifest ? [] : [job.emulated ? "emulated" : "native"]
      let others = job.candidates.filter { $0 != job.builder }
      if !others.isEmpty { notes.append("or \(others.joined(separator: ", ")) if less loaded") }
      if !notes.isEmpty { header += " (\(notes.joined(separator: "; ")))" }
      lines.append(header)
      lines.append("   needs: \(job.deps.isEmpty ? "-" : job.deps.joined(separator: ", "))")
      if !job.env.isEmpty {
        lines.append(
          "   env:   " + job.env.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }.joined(separator: " "))
      }
      lines.append("   run:   " + job.argv.map(shellQuoted).joined(separator: " "))
    }
    lines.append("")
    lines.append("can run in parallel:")
    for (depth, level) in plan.levels.enumerated() {
      lines.append("  level \(depth): \(level.joined(separator: ", "))")
    }
    lines.append(
      "critical path (\(plan.criticalPath.count) job\(plan.criticalPath.count == 1 ? "" : "s")): \(plan.criticalPath.joined(separator: " -> "))"
    )
    return lines.joined(separator: "\n") + "\n"
  }

  /// The builders, when there is more than gantry's own engine with the `--jobs` limit.
  static func builderLines(_ plan: Plan) -> [String] {
    if plan.builders.count == 1, let only = plan.builders.first, only.endpoint == nil, only.concurrency == nil {
      return []
    }
    let width = plan.builders.map(\.name.count).max() ?? 0
    var lines = ["builders:"]
    for builder in plan.builders {
      var line = "  " + builder.name + String(repeating: " ", count: width - builder.name.count)
      line += "  " + builder.platforms.map(\.description).joined(separator: ", ")
      line += "  " + (builder.concurrency.map { "concurrency \($0)" } ?? "no limit but --jobs")
      line += "  " + builder.endpointText
      if builder.isDefault, plan.builders.count > 1 { line += "  (default: takes what no builder runs natively)" }
      lines.append(line)
    }
    return lines + [""]
  }

  /// How the argument would be typed in a POSIX shell: for reading and copying, never for running.
  public static func shellQuoted(_ argument: String) -> String {
    let safe = argument.unicodeScalars.allSatisfy { scalar in
      scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
        || "-_./=:,@%+".unicodeScalars.contains(scalar)
    }
    if safe, !argument.isEmpty { return argument }
    return "'" + argument.replacingAll("'", with: "'\\''") + "'"
  }
}

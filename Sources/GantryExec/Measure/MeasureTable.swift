import Foundation
import GantryCore

/// The result of `gantry measure`: one row per service, stage and scenario, median over the runs.
public struct MeasureTable: Sendable, Codable, Hashable {
  public struct Row: Sendable, Codable, Hashable {
    public var service: String
    /// The stage built with `--target`, or the service's own target (`final` when it has none).
    public var stage: String
    public var scenario: Scenario
    /// Median of `runs`.
    public var seconds: Double
    /// Largest minus smallest of `runs`.
    public var spreadSeconds: Double
    public var runs: [Double]
    public var imageBytes: Int64?
    /// The file the incremental scenario changed (relative to the manifest's folder).
    public var touched: String?

    enum CodingKeys: String, CodingKey {
      case service, stage, scenario, seconds, runs, touched
      case spreadSeconds = "spread_seconds"
      case imageBytes = "image_bytes"
    }

    public init(
      service: String, stage: String, scenario: Scenario, runs: [Double], imageBytes: Int64?, touched: String? = nil
    ) {
      self.service = service
      self.stage = stage
      self.scenario = scenario
      self.runs = runs
      self.imageBytes = imageBytes
      self.touched = touched
      let sorted = runs.sorted()
      seconds =
        sorted.isEmpty
        ? 0
        : sorted.count % 2 == 1
          ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
      spreadSeconds = (sorted.last ?? 0) - (sorted.first ?? 0)
    }
  }

  public var rows: [Row]

  public init(rows: [Row]) { self.rows = rows }

  public enum Format: String, Sendable, CaseIterable {
    case text, json, csv, md
  }

  public func render(_ format: Format) throws -> String {
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    case .csv:
      var lines = ["service,stage,scenario,seconds,spread_seconds,runs,image_bytes,touched"]
      for row in rows {
        lines.append(
          [
            row.service, row.stage, row.scenario.rawValue, Self.number(row.seconds), Self.number(row.spreadSeconds),
            String(row.runs.count), row.imageBytes.map(String.init) ?? "", row.touched ?? "",
          ].map(Self.csvField).joined(separator: ","))
      }
      return lines.joined(separator: "\n") + "\n"
    case .md:
      var lines = [
        "| service | stage | scenario | median | spread | runs | image size |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
      ]
      for row in rows {
        lines.append(
          "| \(row.service) | \(row.stage) | \(row.scenario.rawValue)\(row.touched.map { " (\($0))" } ?? "") | \(Self.number(row.seconds)) s | \(Self.number(row.spreadSeconds)) s | \(row.runs.count) | \(row.imageBytes.map(SizeText.display) ?? "–") |"
        )
      }
      return lines.joined(separator: "\n") + "\n"
    case .text:
      let header = ["SERVICE", "STAGE", "SCENARIO", "MEDIAN", "SPREAD", "RUNS", "IMAGE"]
      let body = rows.map { row in
        [
          row.service, row.stage, row.scenario.rawValue, Self.number(row.seconds) + "s",
          "±" + Self.number(row.spreadSeconds / 2) + "s", String(row.runs.count),
          row.imageBytes.map(SizeText.display) ?? "–",
        ]
      }
      let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
      let lines = ([header] + body).map { cells in
        cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
          .trimmingCharacters(in: .whitespaces)
      }
      let touched = Set(rows.compactMap(\.touched)).sorted()
      return (lines + touched.map { "incremental: changed \($0) (restored)" }).joined(separator: "\n") + "\n"
    }
  }

  static func number(_ value: Double) -> String { String(format: "%.2f", value) }

  static func csvField(_ text: String) -> String {
    text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }
}

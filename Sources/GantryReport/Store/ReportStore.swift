import Foundation

/// The `.gantry/` folder of a repository: run reports, the `latest` link, duration history.
public struct ReportStore: Sendable {
  /// `<root>/.gantry`.
  public var stateDirectory: String
  /// How many runs the history keeps.
  public var historyLimit: Int

  public init(root: String, historyLimit: Int = 50) {
    self.stateDirectory = root + "/.gantry"
    self.historyLimit = historyLimit
  }

  public var runsDirectory: String { stateDirectory + "/runs" }
  public var historyPath: String { stateDirectory + "/history.jsonl" }

  /// A new run id: sortable by time, unique across concurrent runs.
  public static func newRunID(at date: Date = Date()) -> String {
    let stamp = date.formatted(
      Date.VerbatimFormatStyle(
        format:
          "\(year: .defaultDigits)\(month: .twoDigits)\(day: .twoDigits)T\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased))\(minute: .twoDigits)\(second: .twoDigits)Z",
        timeZone: .gmt, calendar: Calendar(identifier: .gregorian)))
    return "\(stamp)-\(UUID().uuidString.prefix(6).lowercased())"
  }

  /// Encodes a report the way every report is written: snake_case keys, sorted, pretty.
  public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Timestamp.string(date))
    }
    encoder.outputFormatting =
      pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }

  /// The decoder for everything `encode` writes: snake_case keys, ISO 8601 dates.
  public static func decoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = Timestamp.date(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "'\(text)' is not an ISO 8601 time such as 2026-11-23T11:06:21.123Z")
      }
      return date
    }
    return decoder
  }

  public static func decodeReport(_ data: Data) throws -> RunReport {
    try decoder().decode(RunReport.self, from: data)
  }

  /// Writes `report.json` into `directory` (atomically) and, for runs under `.gantry/runs`, points `latest` at it.
  public func write(_ report: RunReport, to directory: String) throws -> String {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/report.json"
    var data = try Self.encode(report)
    data.append(0x0A)
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    if Self.folder(of: directory) == runsDirectory {
      let link = runsDirectory + "/latest"
      let temporary = runsDirectory + "/.latest-\(UUID().uuidString.prefix(8))"
      try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: report.run.id)
      // rename(2) replaces the old link in one step: readers never see it missing.
      if rename(temporary, link) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
    return path
  }

  static func folder(of path: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
  }
}

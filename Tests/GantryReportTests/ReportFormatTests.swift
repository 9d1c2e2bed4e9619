import Foundation
import GantryCore
import GantryTestSupport
import Testing

@testable import GantryReport

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Every format of the fixed sample run, against checked-in baselines (`GANTRY_RECORD=1` re-records),
/// and read back by real parsers: Python's csv and jsonschema, Foundation's XMLParser, JSONSerialization.
@Suite struct ReportFormatTests {
  static let report = SampleReport.report

  @Test(arguments: ReportFormat.allCases)
  func golden(format: ReportFormat) async throws {
    let outcome = try Golden.check(try format.render(Self.report), named: "sample.\(format.fileName)")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test func goldenJSON() async throws {
    let text = String(decoding: try ReportStore.encode(Self.report), as: UTF8.self) + "\n"
    let outcome = try Golden.check(text, named: "sample.report.json")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
    #expect(try ReportStore.decodeReport(Data(text.utf8)) == Self.report)
  }

  @Test func goldenText() async throws {
    let outcome = try Golden.check(TextReport.render(Self.report), named: "sample.show.txt")
    if case .differs(let expected, let actual) = outcome { #expect(actual == expected) }
  }

  @Test func analysisOfTheSample() {
    let run = Self.report.run
    #expect(run.criticalPath == ["base", "proto", "api"])
    #expect(run.criticalPathSeconds == 4.97)
    #expect(run.parallelEfficiency == 0.745)
    let slots = Dictionary(uniqueKeysWithValues: Self.report.jobs.map { ($0.id, $0.slot) })
    #expect(slots == ["base": 0, "toolchain": 0, "proto": 1, "web": 0, "api": 1, "gateway": nil])
    #expect(Self.report.job("web")?.queueSeconds == 1.5)
    // proto's two attempts took 0.5 s and 1 s; its 2 s from start to finish include the retry wait.
    #expect(Self.report.job("proto")?.buildSeconds == 1.5)
    #expect(run.overBudget == ["web"])
    #expect(Self.report.job("web")?.budgetWarnings == ["image is 612MB, over its max_image_size of 500MB"])
  }

  @Test(.enabled(if: Tools.shouldRun(Tools.python, for: "csvReadsBackWithPythonsCSVModule")))
  func csvReadsBackWithPythonsCSVModule() async throws {
    let path = try write(CSVReport.render(Self.report), named: "report.csv")
    let script = """
      import csv, json, sys
      with open(sys.argv[1], newline="") as f:
          rows = list(csv.reader(f, strict=True))
      print(json.dumps(rows))
      """
    let result = try await Tools.python(script, [path])
    #expect(result.status == 0, "\(result)")
    let rows = try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
    #expect(rows.first == CSVReport.header)
    #expect(rows.count == Self.report.jobs.count + 1)
    #expect(rows.allSatisfy { $0.count == CSVReport.header.count })
    let column = { (name: String) in CSVReport.header.firstIndex(of: name) ?? -1 }
    let api = try #require(rows.first { $0.first == "api" })
    #expect(api[column("error")] == Self.report.job("api")?.error)
    #expect(api[column("status")] == "failed")
    let proto = try #require(rows.first { $0.first == "proto" })
    #expect(proto[column("attempts")] == "2")
    #expect(proto[column("cache_hit_ratio")] == "1")
    #expect(rows.first { $0.first == "gateway" }?[column("duration_seconds")] == "")
  }

  @Test func csvQuotesPerRFC4180() {
    #expect(CSVReport.field("plain") == "plain")
    #expect(CSVReport.field("a,b") == "\"a,b\"")
    #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVReport.field("two\r\nlines") == "\"two\r\nlines\"")
    #expect(CSVReport.render(Self.report).hasSuffix("\r\n"))
  }

  @Test func junitParsesWithTheExpectedCounts() async throws {
    let xml = JUnitReport.render(Self.report)
    let collector = XMLCollector()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = collector
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    #expect(collector.count("testsuites") == 1)
    #expect(collector.count("testsuite") == 1)
    #expect(collector.count("testcase") == 6)
    #expect(collector.count("failure") == 1)
    #expect(collector.count("skipped") == 1)
    let suite = try #require(collector.elements.first { $0.name == "testsuite" })
    #expect(suite.attributes["tests"] == "6")
    #expect(suite.attributes["failures"] == "1")
    #expect(suite.attributes["skipped"] == "1")
    #expect(suite.attributes["time"] == "5.010")
    let cases = collector.elements.filter { $0.name == "testcase" }
    #expect(cases.map { $0.attributes["name"] ?? "" } == ["base", "toolchain", "proto", "web", "api", "gateway"])
    #expect(cases.first { $0.attributes["name"] == "api" }?.attributes["classname"] == "api")
    #expect(cases.first { $0.attributes["name"] == "proto" }?.attributes["time"] == "2.000")
    let failure = try #require(collector.elements.first { $0.name == "failure" })
    #expect(failure.attributes["message"] == Self.report.job("api")?.error)
  }

  @Test func enforcedBudgetsAreJUnitFailures() async throws {
    var report = Self.report
    BudgetCheck.apply(["web": Budgets(maxImageSizeBytes: 500_000_000)], enforce: true, to: &report)
    let collector = XMLCollector()
    let parser = XMLParser(data: Data(JUnitReport.render(report).utf8))
    parser.delegate = collector
    #expect(parser.parse())
    #expect(collector.count("failure") == 2)
    #expect(collector.elements.contains { $0.name == "failure" && $0.attributes["type"] == "budget" })
  }

  @Test func junitLeavesOutWhatXMLCannotHold() {
    #expect(JUnitReport.escape("a\u{1B}[31mred\u{1B}[0m & <b>") == "a[31mred[0m &amp; &lt;b&gt;")
  }

  @Test func traceHasOneSpanPerAttemptOnItsSlotLane() async throws {
    let text = try TraceReport.render(Self.report)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let events = try #require(object["traceEvents"] as? [[String: Any]])
    let builds = events.filter { $0["ph"] as? String == "X" && $0["cat"] as? String == "build" }
    #expect(builds.count == 6)
    let lanes = Set(builds.compactMap { $0["tid"] as? Int })
    #expect(lanes == [1, 2])
    let proto = builds.filter { ($0["args"] as? [String: String])?["job"] == "proto" }
    #expect(proto.count == 2)
    #expect(proto.compactMap { $0["ts"] as? Int }.sorted() == [1_520_000, 2_520_000])
    #expect(events.contains { $0["cat"] as? String == "retry-wait" })
    let names = events.filter { $0["ph"] as? String == "M" }.compactMap { ($0["args"] as? [String: String])?["name"] }
    #expect(names.contains("builder default"))
    #expect(names.contains("slot 2"))
  }

  @Test func summaryEscapesMarkdown() {
    #expect(MarkdownSummary.escape("a|b <none> *x*") == "a\\|b &lt;none&gt; \\*x\\*")
    let summary = MarkdownSummary.render(Self.report)
    #expect(summary.contains("| web | built, over budget | 1.0s | 2/2 (100%) | 612MB |"))
    #expect(summary.contains("| **total** | **4 built, 1 failed, 1 skipped** |"))
  }

  func write(_ text: String, named name: String) throws -> String {
    let path = try Fixtures.temporaryFolder("report") + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }
}

/// Every element of an XML document, with its attributes.
final class XMLCollector: NSObject, XMLParserDelegate {
  struct Element {
    var name: String
    var attributes: [String: String]
  }

  var elements: [Element] = []

  func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    elements.append(Element(name: elementName, attributes: attributes))
  }
}

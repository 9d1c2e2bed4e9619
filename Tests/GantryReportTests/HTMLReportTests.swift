import Foundation
import GantryTestSupport
import Testing

@testable import GantryReport

/// `report.html`: in a real headless browser (Debian's chromium) its script runs without error and
/// the timeline has one bar per job that ran; the page itself is checked without one.
@Suite struct HTMLReportTests {
  /// The `data-…` attributes of `<body>` after the page's script ran.
  static func bodyAttributes(_ dom: String) -> [String: String] {
    guard let start = dom.range(of: "<body"), let end = dom[start.upperBound...].firstIndex(of: ">") else { return [:] }
    var attributes: [String: String] = [:]
    let tag = dom[start.upperBound..<end]
    for part in tag.split(separator: " ") {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2 else { continue }
      attributes[String(pair[0])] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
    return attributes
  }

  @Test(.enabled(if: Tools.shouldRun(Tools.chromium, for: "loadsWithoutErrorsAndDrawsOneBarPerJob")))
  func loadsWithoutErrorsAndDrawsOneBarPerJob() async throws {
    let folder = try Fixtures.temporaryFolder("html")
    let page = folder + "/report.html"
    try HTMLReport.render(SampleReport.report).write(toFile: page, atomically: true, encoding: .utf8)
    // A screenshot to look at, when asked for (one more browser start otherwise).
    let screenshot = ProcessInfo.processInfo.environment["GANTRY_SCREENSHOT"]
    let result = try await Tools.chromiumDOM(of: page, screenshot: screenshot)
    #expect(result.status == 0, "\(result)")
    let body = Self.bodyAttributes(result.stdout)
    #expect(body["data-ready"] == "1", "the page's script did not finish: \(result)")
    #expect(body["data-errors"] == nil)
    // Five jobs ran (gateway was skipped): five bars, one per job, on two lanes.
    #expect(body["data-bars"] == "5")
    #expect(result.stdout.components(separatedBy: "class=\"bar ").count - 1 == 5)
    #expect(result.stdout.components(separatedBy: "class=\"lane\"").count - 1 == 2)
    #expect(!result.stderr.contains("Uncaught"), "\(result.stderr)")
    if let screenshot { #expect(FileManager.default.fileExists(atPath: screenshot)) }
  }

  @Test func theCriticalPathIsHighlighted() async throws {
    let html = HTMLReport.render(SampleReport.report)
    // The classes of each job's bar.
    var classes: [String: [String]] = [:]
    for match in html.matches(of: #/<a class="([^"]*)" href="#job-([^"]*)"/#) {
      classes[String(match.output.2)] = match.output.1.split(separator: " ").map(String.init)
    }
    #expect(classes.count == 5)
    for id in ["base", "proto", "api"] { #expect(classes[id]?.contains("critical") == true, "\(id)") }
    for id in ["toolchain", "web"] { #expect(classes[id]?.contains("critical") == false, "\(id)") }
    #expect(classes["proto"]?.contains("retried") == true)
    #expect(classes["api"]?.contains("failed") == true)
  }

  @Test func pagesLoadNothingFromOutside() {
    let html = HTMLReport.render(SampleReport.report)
    #expect(!html.contains("src="))
    #expect(!html.contains("<link"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("url("))
  }

  @Test func anEmptyRunSaysSo() {
    var report = SampleReport.report
    report.jobs = report.jobs.map { job in
      var skipped = job
      skipped.status = .skipped
      skipped.startedAt = nil
      skipped.finishedAt = nil
      return skipped
    }
    let html = HTMLReport.render(report)
    #expect(html.contains("No job ran."))
    #expect(!html.contains("class=\"bar "))
    #expect(html.components(separatedBy: "<tr id=").count - 1 == 6)
  }

}

import Foundation
import Testing

@testable import GantryReport

/// A job that built one image for several compose services names all of them in the report.
@Suite struct SharedImageReportTests {
  static var report: RunReport {
    var report = SampleReport.report
    report.jobs[0].services = ["base", "base-worker"]
    return report
  }

  @Test func jsonListsTheServicesAndReadsBack() throws {
    let data = try ReportStore.encode(Self.report)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"base-worker\""))
    #expect(try ReportStore.decodeReport(data).jobs[0].services == ["base", "base-worker"])
    #expect(!String(decoding: try ReportStore.encode(SampleReport.report), as: UTF8.self).contains("\"services\""))
  }

  @Test func textNamesTheServices() {
    #expect(TextReport.render(Self.report).contains("base: one image for services base, base-worker"))
  }
}

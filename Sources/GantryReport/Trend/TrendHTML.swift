import Foundation
import GantryCore

/// `gantry report trend --format html`: one self-contained page (no external assets), a chart per
/// job: duration (solid line, left scale) and image size (dashed, right scale) over the runs,
/// regressions as red points, the cache hit ratio under each run.
///
/// The charts are SVG rendered here; the small script only marks the page ready: `<body>` then
/// carries `data-ready="1"`, `data-charts` and `data-regressions`, which the headless-browser test reads.
enum TrendHTML {
  static let width = 640.0
  static let height = 170.0
  static let margin = (left: 56.0, right: 64.0, top: 12.0, bottom: 40.0)

  static func render(_ trend: Trend) -> String {
    var html = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>gantry trend: \(trend.runs.count) runs</title>
      <style>
      \(style)
      </style>
      </head>
      <body data-ready="0" data-charts="0" data-regressions="0">
      <header>
      <h1>gantry trend</h1>
      <p>\(trend.runs.count) run\(trend.runs.count == 1 ? "" : "s")\(range(trend)). Red points are regressions over the job's previous run
      (duration +\(Int(trend.thresholds.duration * 100))%, image size +\(Int(trend.thresholds.size * 100))%).
      <span class="key duration"></span>duration <span class="key size"></span>image size</p>
      </header>
      <main>\n
      """
    if trend.series.isEmpty { html += "<p class=\"empty\">No runs in the history yet.</p>\n" }
    for series in trend.series { html += chart(series, trend: trend) }
    html += "</main>\n<script>\n\(script)\n</script>\n</body>\n</html>\n"
    return html
  }

  static func range(_ trend: Trend) -> String {
    guard let first = trend.runs.first, let last = trend.runs.last else { return "" }
    return ", \(HTMLReport.escape(first.id)) to \(HTMLReport.escape(last.id))"
  }

  static func chart(_ series: Trend.Series, trend: Trend) -> String {
    let count = max(trend.runs.count, 1)
    let plotWidth = width - margin.left - margin.right
    let plotHeight = height - margin.top - margin.bottom
    let x = { (index: Int) in
      margin.left + (count == 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(count - 1))
    }
    let maxDuration = max(series.points.compactMap { $0?.durationSeconds }.max() ?? 0, 0.001)
    let maxSize = max(Double(series.points.compactMap { $0?.imageSizeBytes }.max() ?? 0), 1)
    let yDuration = { (value: Double) in margin.top + plotHeight * (1 - value / maxDuration) }
    let ySize = { (value: Double) in margin.top + plotHeight * (1 - value / maxSize) }
    let format = { (value: Double) in String(format: "%.1f", value) }
    let id = HTMLReport.escape(series.job)
    var svg = "<section class=\"job\" id=\"trend-\(id)\">\n<h2>\(id)"
    if series.regressions > 0 {
      svg += " <span class=\"flag\">\(series.regressions) regression\(series.regressions == 1 ? "" : "s")</span>"
    }
    svg += "</h2>\n"
    svg += "<svg class=\"chart\" data-job=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
    svg += "aria-label=\"duration and image size of \(id) over \(trend.runs.count) runs\">\n"
    svg += "<line class=\"axis\" x1=\"\(format(margin.left))\" y1=\"\(format(margin.top + plotHeight))\" "
    svg += "x2=\"\(format(width - margin.right))\" y2=\"\(format(margin.top + plotHeight))\"/>\n"
    svg += "<text class=\"scale\" x=\"\(format(margin.left - 6))\" y=\"\(format(margin.top + 8))\" text-anchor=\"end\">"
    svg += "\(Summary.seconds(maxDuration))</text>\n"
    if maxSize > 1 {
      svg += "<text class=\"scale\" x=\"\(format(width - margin.right + 6))\" y=\"\(format(margin.top + 8))\">"
      svg += "\(HTMLReport.escape(ReportText.size(Int64(maxSize))))</text>\n"
    }
    let durations = series.points.enumerated().compactMap { index, point in
      point?.durationSeconds.map { "\(format(x(index))),\(format(yDuration($0)))" }
    }
    let sizes = series.points.enumerated().compactMap { index, point in
      point?.imageSizeBytes.map { "\(format(x(index))),\(format(ySize(Double($0))))" }
    }
    if sizes.count > 1 { svg += "<polyline class=\"size\" points=\"\(sizes.joined(separator: " "))\"/>\n" }
    if durations.count > 1 { svg += "<polyline class=\"duration\" points=\"\(durations.joined(separator: " "))\"/>\n" }
    for (index, point) in series.points.enumerated() {
      let run = HTMLReport.escape(trend.runs[index].id)
      let label = "<text class=\"run\" x=\"\(format(x(index)))\" y=\"\(format(height - 22))\" text-anchor=\"middle\">"
      guard let point else {
        svg += label + "–</text>\n"
        continue
      }
      if let size = point.imageSizeBytes {
        let classes = ["point", "size"] + (point.sizeRegressed ? ["regressed"] : [])
        svg += "<circle class=\"\(classes.joined(separator: " "))\" cx=\"\(format(x(index)))\" "
        svg += "cy=\"\(format(ySize(Double(size))))\" r=\"3.5\"><title>\(run): image "
        svg +=
          "\(HTMLReport.escape(ReportText.size(size)))\(point.sizeRegressed ? " (regression)" : "")</title></circle>\n"
      }
      if let duration = point.durationSeconds {
        let classes = ["point", "duration"] + (point.durationRegressed ? ["regressed"] : [])
        svg += "<circle class=\"\(classes.joined(separator: " "))\" cx=\"\(format(x(index)))\" "
        svg += "cy=\"\(format(yDuration(duration)))\" r=\"4\"><title>\(run): \(Summary.seconds(duration))"
        svg += "\(point.durationRegressed ? " (regression)" : "")</title></circle>\n"
      }
      svg += label + "\(point.cacheHitRatio.map(ReportText.percent) ?? "–")</text>\n"
    }
    svg +=
      "<text class=\"caption\" x=\"\(format(margin.left))\" y=\"\(format(height - 6))\">cache hit ratio per run, oldest first</text>\n"
    return svg + "</svg>\n</section>\n"
  }

  static let style = """
    :root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --panel: #f6f8fa; --duration: #0969da;
      --size: #8250df; --bad: #cf222e; }
    body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); margin: 1.5rem auto; max-width: 720px; padding: 0 1rem; }
    h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
    h2 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
    .flag { color: var(--bad); font-size: .85rem; font-weight: normal; }
    .chart { width: 100%; height: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
    .axis { stroke: var(--line); }
    .scale, .run, .caption { font-size: 11px; fill: var(--muted); }
    polyline { fill: none; stroke-width: 2; }
    polyline.duration { stroke: var(--duration); }
    polyline.size { stroke: var(--size); stroke-dasharray: 5 4; }
    .point.duration { fill: var(--duration); }
    .point.size { fill: var(--size); }
    .point.regressed { fill: var(--bad); stroke: #fff; stroke-width: 1.5; }
    .key { display: inline-block; width: 1.4em; height: 3px; vertical-align: middle; margin: 0 .25rem 0 .6rem; }
    .key.duration { background: var(--duration); }
    .key.size { background: repeating-linear-gradient(90deg, var(--size) 0 5px, transparent 5px 9px); }
    .empty { color: var(--muted); }
    """

  static let script = """
    (function () {
      document.body.dataset.charts = String(document.querySelectorAll("svg.chart").length);
      document.body.dataset.regressions = String(document.querySelectorAll(".point.regressed").length);
      document.body.dataset.ready = "1";
    })();
    """
}

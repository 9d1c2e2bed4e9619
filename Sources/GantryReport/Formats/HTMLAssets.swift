/// The style sheet and script inlined into `report.html` (the page loads nothing else).
enum HTMLAssets {
  static let style = """
    :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
      --built: #4c8bf5; --critical: #e8590c; --failed: #cf222e; --timed_out: #9a6700; --cancelled: #8c959f; }
    * { box-sizing: border-box; }
    body { margin: 0; padding: 1.5rem 2rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
      color: var(--fg); background: var(--bg); }
    h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
    h2 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; }
    code { font: 0.95em ui-monospace, SFMono-Regular, Menlo, monospace; }
    .status strong { text-transform: uppercase; letter-spacing: .04em; }
    .status.succeeded strong { color: #1a7f37; }
    .status.failed strong, .status.interrupted strong { color: var(--failed); }
    .figures { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; padding: 0; margin: .6rem 0 0; }
    .figures li { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .15rem .55rem; }
    .gantt { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; background: var(--panel); }
    .lane { display: flex; align-items: center; height: 30px; }
    .lane-label { flex: 0 0 9.5rem; color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden;
      text-overflow: ellipsis; }
    .track { position: relative; flex: 1; height: 24px; border-left: 1px solid var(--line); }
    .axis { height: 20px; }
    .axis .track { border-left: none; }
    .tick { position: absolute; top: 2px; font-size: 11px; color: var(--muted); transform: translateX(-50%);
      white-space: nowrap; }
    .tick:first-child { transform: none; }
    .bar { position: absolute; top: 2px; height: 20px; min-width: 3px; border-radius: 4px; overflow: hidden;
      background: var(--built); color: #fff; text-decoration: none; font-size: 12px; line-height: 20px; }
    .bar.critical { background: var(--critical); box-shadow: 0 0 0 2px var(--bg), 0 0 0 4px var(--critical); }
    .bar.failed { background: var(--failed); }
    .bar.timed_out { background: var(--timed_out); }
    .bar.cancelled { background: var(--cancelled); }
    .bar:hover, .bar:focus { filter: brightness(1.12); outline: 2px solid var(--fg); z-index: 1; }
    .bar .label { position: relative; padding: 0 .35rem; white-space: nowrap; }
    .bar.retried { background: #d0d7de; color: var(--fg); }
    .attempt { position: absolute; top: 0; bottom: 0; background: var(--built); }
    .critical .attempt { background: var(--critical); }
    .attempt.failed, .attempt.timed_out { background: repeating-linear-gradient(135deg, var(--failed) 0 4px, #f4a3a8 4px 8px); }
    .bar.retried .label { color: #fff; text-shadow: 0 0 2px rgba(0,0,0,.6); }
    .legend { color: var(--muted); font-size: 12px; margin: .4rem 0 0; }
    .key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px;
      margin: 0 .25rem 0 .7rem; }
    .key:first-child { margin-left: 0; }
    .key.built { background: var(--built); } .key.critical { background: var(--critical); }
    .key.failed { background: var(--failed); } .key.timed_out { background: var(--timed_out); }
    .key.cancelled { background: var(--cancelled); } .key.wait { background: #d0d7de; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
    th { background: var(--panel); cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; }
    th[data-type=number], td:nth-child(n+5):nth-child(-n+11) { text-align: right; }
    th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
    tr.failed td:nth-child(3), tr.timed_out td:nth-child(3) { color: var(--failed); font-weight: 600; }
    tr.skipped, tr.cancelled { color: var(--muted); }
    tr:target { background: #fff8c5; }
    td:last-child { max-width: 28rem; overflow-wrap: anywhere; }
    td:nth-child(4) { white-space: nowrap; }
    .empty { color: var(--muted); }
    """

  static let script = """
    (function () {
      "use strict";
      var errors = [];
      window.addEventListener("error", function (event) {
        errors.push(String(event.message));
        document.body.dataset.errors = errors.join(" | ");
      });
      var table = document.getElementById("jobs");
      var body = table.tBodies[0];
      var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
      function value(row, column, numeric) {
        var text = row.cells[column].getAttribute("data-value");
        return numeric ? (text === "" ? NaN : Number(text)) : text;
      }
      function sortBy(header, column) {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        var numeric = header.getAttribute("data-type") === "number";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a, column, numeric), y = value(b, column, numeric), order;
          if (numeric) {
            // Rows without a figure go last, whichever the direction.
            if (isNaN(x) || isNaN(y)) { if (isNaN(x) && isNaN(y)) { order = 0; } else { return isNaN(x) ? 1 : -1; } }
            else { order = x - y; }
          } else {
            order = x.localeCompare(y);
          }
          if (order === 0) { order = Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index")); return order; }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      headers.forEach(function (header, column) {
        header.tabIndex = 0;
        header.addEventListener("click", function () { sortBy(header, column); });
        header.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(header, column); }
        });
      });
      document.body.dataset.bars = String(document.querySelectorAll(".gantt .bar").length);
      document.body.dataset.ready = "1";
    })();
    """
}

/** The report page's stylesheet (report.ts inlines it): system fonts only, nothing fetched. */
export const REPORT_STYLE = String.raw`
:root { --pass: #1e7a3c; --warn: #a15c00; --fail: #b3261e; --skipped: #5f6368; --line: #d0d4da; --bg2: #f5f6f8; --fg2: #4a5058; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1c1f23; background: #fff; }
header { padding: 16px 24px 12px; border-bottom: 1px solid var(--line); background: var(--bg2); }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
main { padding: 0 24px 24px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
#target { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 10px; }
#target dt { color: var(--fg2); }
#target dd { margin: 0; overflow-wrap: anywhere; }
#summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.badge { display: inline-flex; align-items: center; gap: 6px; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12.5px; color: #fff; white-space: nowrap; }
.badge::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: rgba(255,255,255,.85); }
.badge.pass { background: var(--pass); } .badge.warn { background: var(--warn); } .badge.fail { background: var(--fail); } .badge.skipped { background: var(--skipped); }
.overall { font-size: 15px; padding: 3px 12px; }
.count { color: var(--fg2); }
#filters { display: flex; gap: 6px; margin-bottom: 8px; flex-wrap: wrap; }
#filters button, .tl-controls button, .tl-controls select { font: inherit; padding: 2px 10px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
#filters button[aria-pressed="true"] { background: #1c1f23; color: #fff; border-color: #1c1f23; }
table#checks { border-collapse: collapse; width: 100%; }
#checks th, #checks td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
#checks th { font-size: 12.5px; color: var(--fg2); font-weight: 600; }
#checks tr.group th { background: var(--bg2); font-size: 13px; color: #1c1f23; text-transform: uppercase; letter-spacing: .04em; }
#checks tr.check { cursor: pointer; }
#checks tr.check:hover { background: #f0f4fa; }
#checks tr.check:focus { outline: 2px solid #3b6fd8; outline-offset: -2px; }
#checks tr.check td:first-child::before { content: "\25B8"; display: inline-block; width: 1em; color: var(--fg2); }
#checks tr.check[aria-expanded="true"] td:first-child::before { content: "\25BE"; }
#checks tr.detail td { background: #fafbfc; padding: 8px 12px 12px 28px; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
.detail dt { color: var(--fg2); } .detail dd { margin: 0; overflow-wrap: anywhere; }
ul.evidence { margin: 0; padding-left: 18px; }
ul.evidence li { margin: 2px 0; overflow-wrap: anywhere; }
.ev-meta { color: var(--fg2); margin-left: 8px; }
.ev-meta > * { margin-right: 10px; }
.reason { overflow-wrap: anywhere; }
.tl-panel { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin-top: 8px; }
.tl-controls { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 6px; }
.tl-meta { display: flex; gap: 16px; flex-wrap: wrap; color: var(--fg2); margin-bottom: 6px; }
.tl-meta b { color: #1c1f23; font-weight: 600; }
.tl-title { font-weight: 600; overflow-wrap: anywhere; }
.tl-plot { position: relative; width: 100%; }
.tl-plot canvas { display: block; width: 100%; height: 190px; cursor: crosshair; }
.tl-plot canvas:focus { outline: 2px solid #3b6fd8; }
.lane-label { position: absolute; left: 0; font-size: 12px; color: var(--fg2); padding: 0 4px; pointer-events: none; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 6px 0 0; font-size: 12.5px; color: var(--fg2); }
.legend li { display: inline-flex; align-items: center; gap: 5px; }
.legend canvas { width: 22px; height: 14px; }
.tl-hint { font-size: 12px; color: var(--fg2); }
#tooltip { position: fixed; z-index: 10; max-width: 420px; background: #1c1f23; color: #fff; border-radius: 4px; padding: 6px 8px; font-size: 12.5px; pointer-events: none; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
#tooltip div { overflow-wrap: anywhere; }
#tooltip .tt-head { font-weight: 600; }
.empty { color: var(--fg2); font-style: italic; }
`;

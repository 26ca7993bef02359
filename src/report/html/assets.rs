//! The page's assets, inline: a style sheet and a few lines of script. The content security
//! policy (see `layout::page_start`) lets nothing else in.

/// The style sheet of every page: cards, sections, legends, charts, tables, print.
pub(crate) const CSS: &str = r#"
:root{--fg:#24292f;--muted:#57606a;--line:#d0d7de;--bg:#f3f5f7;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line)}
.wrap{max-width:1320px;margin:0 auto;padding:18px 28px}
main.wrap{padding-top:4px;padding-bottom:40px}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:16.5px;margin:0 0 2px}
h3{font-size:14px;margin:14px 0 4px}
.sub,.note,.meta{color:var(--muted)}
.note{font-size:12.5px;margin:0 0 6px}
.meta{font-size:12.5px;margin-top:8px}
tr.missed td:last-child{color:var(--bad);font-weight:600}
.badges{margin-top:10px}
.badge{display:inline-block;padding:2px 11px;border-radius:12px;font-weight:600;font-size:13px;margin:0 6px 4px 0;border:1px solid transparent}
.badge.ok{background:#dafbe1;color:var(--ok);border-color:#aceebb}
.badge.bad{background:#ffebe9;color:var(--bad);border-color:#ffcecb}
.badge.warn{background:#fff8c5;color:var(--warn);border-color:#f5e08a}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:22px;font-weight:650;white-space:nowrap}
.card .t{color:var(--muted);font-size:12.5px}
.card.ok{border-left:4px solid var(--ok)}
.card.bad{border-left:4px solid var(--bad)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0;break-inside:avoid}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin:16px 0}
.grid2>section{margin:0}
@media (max-width:1000px){.grid2{grid-template-columns:1fr}}
.banner{padding:14px 18px;border-radius:8px;margin:16px 0;font-size:15px;background:#fff}
.banner.bad{background:#ffebe9;border:1px solid #ff8182}
.banner.warn{background:#fff8c5;border:1px solid #d4a72c}
.legend{display:flex;flex-wrap:wrap;gap:3px 16px;font-size:12.5px;margin:4px 0 6px}
.legend span{white-space:nowrap}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px;background:var(--c)}
.legend i.line{height:0;border-top:2.5px solid var(--c);border-radius:0;background:none;vertical-align:3px;width:16px}
.legend i.dash{height:0;border-top:2px dashed var(--c);border-radius:0;background:none;vertical-align:3px;width:18px}
.legend i.shade{background:#9aa4ae;opacity:.4}
.legend i.target{width:3px;height:14px;background:var(--c);border-radius:0;vertical-align:-2px}
svg.chart{width:100%;height:auto;display:block;overflow:visible}
svg.chart text{font-size:12px;fill:#3d444d}
svg.chart .axis-title{font-size:12px;fill:var(--muted)}
svg.chart .row-label{font-size:12.5px;fill:var(--fg)}
svg.chart .bar-text{font-size:11.5px;fill:#3d444d}
svg.chart .ref-label{font-size:11.5px;fill:#3d444d}
svg.chart .grid line{stroke:#e6e9ed;stroke-width:1}
svg.chart .axis{stroke:#8c959f;stroke-width:1}
svg.chart .frame{fill:none;stroke:#d0d7de}
svg.chart .reduced{fill:#9aa4ae}
svg.chart .hover{fill:transparent}
svg.chart .hover:hover{fill:rgba(84,174,255,.10)}
svg.chart .s{stroke:#fff;stroke-width:.5}
svg.chart polygon.s{fill-opacity:.88}
svg.chart .s:hover,svg.chart .pt:hover{opacity:.75}
svg.chart .overlay{fill:none;stroke-width:1.8}
svg.chart .reference{stroke:#3d444d;stroke-width:1.5;stroke-dasharray:6 4}
svg.chart line.now{stroke:#8250df;stroke-width:2}
svg.chart text.now{fill:#8250df;font-size:11px;font-weight:600}
svg.chart .target{stroke:#24292f;stroke-width:3}
svg.chart .pt{stroke:#fff;stroke-width:1;fill-opacity:.9}
.tablewrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:right;white-space:nowrap}
th{font-weight:600;color:var(--muted);border-bottom:1px solid var(--line)}
th.l,td.l{text-align:left}
td.bad{color:var(--bad);font-weight:600}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
@media print{body{background:#fff}section,.card{border-color:#bbb}.grid2{grid-template-columns:1fr 1fr}}
"#;

/// Records script errors, blocked loads, the number of charts laid out and the elements that
/// reach past the window's width outside a scrolling box, as attributes of `<html>`
/// (`data-errors`, `data-charts-rendered`, `data-overflow`), for automated checks of the page.
pub(crate) const SCRIPT: &str = "(function(){var d=document.documentElement;function rec(m){d.setAttribute('data-errors',(d.getAttribute('data-errors')||'')+m+'\\n');}\
window.addEventListener('error',function(e){rec(e.message||('cannot load '+((e.target&&(e.target.src||e.target.href))||'a resource')));},true);\
document.addEventListener('securitypolicyviolation',function(e){rec('blocked '+e.blockedURI);});\
window.addEventListener('load',function(){var n=0;document.querySelectorAll('svg.chart').forEach(function(s){var b=s.getBBox();if(b.width>0&&b.height>0)n++;});d.setAttribute('data-charts-rendered',String(n));\
var vw=d.clientWidth,o=[];if(d.scrollWidth>vw+1)o.push('page '+d.scrollWidth+' px');\
document.querySelectorAll('body *').forEach(function(e){var r=e.getBoundingClientRect();if(r.width===0||!(r.right>vw+1))return;\
for(var a=e.parentElement;a&&a!==document.body;a=a.parentElement){var x=getComputedStyle(a).overflowX;if(x==='auto'||x==='scroll'||x==='hidden')return;}\
o.push(e.tagName.toLowerCase()+(typeof e.className==='string'&&e.className?'.'+e.className:'')+' to '+Math.round(r.right)+' px');});\
if(o.length)d.setAttribute('data-overflow',o.slice(0,8).join('; '));});})();";

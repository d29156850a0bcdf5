/**
 * index.html's only style sheet, inline (the bundle is one offline page: no script, no font or image
 * from anywhere but its own media/ folder). Fonts are the system's CJK fonts; print rules for report.pdf.
 */
export const bundleCss = `
:root{color-scheme:light;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;font-size:14px;color:#1d2329;background:#fff}
body{margin:0 auto;max-width:960px;padding:16px}
h1{font-size:20px;margin:0 0 8px}
h2{font-size:16px;margin:24px 0 8px;padding:4px 8px;background:#eef2f6;border-left:4px solid #3b6ea5}
.hd{border-bottom:2px solid #3b6ea5;padding-bottom:8px}
dl.f{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0}
dl.f dt{color:#5b6670}
dl.f dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.tz{font-weight:600}
.msg{border-bottom:1px solid #e3e7eb;padding:8px 0;break-inside:avoid}
.msg.ctx{opacity:.8;background:#fafbfc}
.mh{font-size:12px;color:#5b6670;margin-bottom:4px}
.mh .who{font-weight:600;color:#1d2329;font-size:14px}
.mh .id,.mh .meta{font-family:monospace;font-size:11px}
.ctxl{border:1px solid #98a2ad;border-radius:3px;padding:0 4px}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:6px 10px;background:#fff;max-width:720px}
.card .card{margin-top:6px}
.card.k-text{border:none;padding:0}
.ct{font-size:12px;font-weight:600;color:#3b6ea5;margin-bottom:4px}
.tx{white-space:pre-wrap;overflow-wrap:anywhere}
.q{margin:0 0 6px;padding:4px 8px;border-left:3px solid #98a2ad;background:#f4f6f8;color:#434c55}
.qu{font-size:12px;color:#5b6670}
.sys{color:#5b6670;font-style:italic;text-align:center}
.card img{max-width:100%;max-height:360px;display:block}
.miss{color:#a33;font-style:italic}
.muted{color:#5b6670}
.pl{font-family:monospace;font-size:11px;color:#5b6670;margin:2px 0}
ol.rec{padding-left:20px}
.rh{font-size:11px;color:#5b6670}
.raw{white-space:pre-wrap;font-size:11px;background:#f4f6f8;padding:6px}
.marks{margin-top:6px;border:2px dashed #b7791f;background:#fffaf0;padding:4px 8px;max-width:720px}
.ml,.marks-legend{font-size:12px;font-weight:700;color:#7b4f12}
.marks-legend{border:2px dashed #b7791f;padding:0 4px}
.ft{margin-top:24px;border-top:2px solid #3b6ea5;padding-top:8px;font-size:12px}
a{color:#1f5fa0}
@media print{audio{display:none}body{max-width:none;padding:0}.msg.ctx{opacity:1}h2{break-after:avoid}}
`;

/**
 * The one style sheet of citizen pages: phone first (390 px wide and up), system fonts, no framework.
 * Inlined in every page (about 2 KB), so a first load is one request and CSP's default allows it.
 * Colours keep at least 4.5:1 contrast on their backgrounds (WCAG AA).
 */
export const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b1f24;background:#f4f6f8;overflow-wrap:anywhere}
header.site{background:#0b4f6c;color:#fff;padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none}
header.site .region{display:block;font-size:.85rem;opacity:.95}
header.site .service{font-weight:700;font-size:1.1rem}
nav.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-top:.25rem}
nav.site a{text-decoration:underline}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.45rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
a{color:#0a5a85}
img{max-width:100%;height:auto}
.field{margin:0 0 1rem}
label,legend{display:block;font-weight:600;margin-bottom:.25rem}
fieldset{border:1px solid #c5ccd3;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.5rem 0}
.choice input{margin-top:.3rem;width:1.2rem;height:1.2rem;flex:none}
.hint{color:#4a5561;font-size:.9rem;margin:0 0 .35rem}
.choice .hint{display:block;font-weight:400;margin:0}
.error{color:#a4161a;font-weight:600;margin:0 0 .35rem}
input[type=text],input[type=tel],input[type=email],input[type=date],input[type=file],select,textarea{width:100%;font:inherit;padding:.6rem;border:1px solid #6b7680;border-radius:.4rem;background:#fff;color:inherit}
textarea{min-height:8rem}
.invalid input,.invalid select,.invalid textarea{border:2px solid #a4161a}
button,.button{display:inline-block;font:inherit;font-weight:700;padding:.7rem 1.2rem;border:0;border-radius:.4rem;background:#0b4f6c;color:#fff;text-decoration:none;cursor:pointer}
button.secondary{background:#fff;color:#0b4f6c;border:2px solid #0b4f6c}
.notice{border-left:.35rem solid #0b4f6c;background:#e6f0f5;padding:.75rem 1rem;margin:0 0 1rem;border-radius:0 .4rem .4rem 0}
.notice.ok{border-color:#1e6b34;background:#e7f4ea}
.notice.warn{border-color:#8a5a00;background:#fdf3dc}
.notice.bad{border-color:#a4161a;background:#fbe9ea}
.notice h2{margin-top:0}
.badge{display:inline-block;padding:.1rem .55rem;border-radius:1rem;font-size:.85rem;font-weight:700;background:#dde3e8;color:#1b1f24}
.badge.ok{background:#d3ecd9;color:#14532d}
.badge.warn{background:#fbe7b5;color:#5c3d00}
.badge.bad{background:#f7d4d6;color:#7d1014}
.big{font-size:1.6rem;font-weight:700;letter-spacing:.05em}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #c5ccd3}
ol.timeline li{position:relative;padding:0 0 1rem 1rem}
ol.timeline li::before{content:"";position:absolute;left:-.5rem;top:.35rem;width:.75rem;height:.75rem;border-radius:50%;background:#0b4f6c}
ol.timeline .when{display:block;color:#4a5561;font-size:.9rem}
dl.facts{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.4rem .75rem;margin:0 0 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
ul.cards{list-style:none;padding:0;margin:0}
ul.cards li{background:#fff;border:1px solid #d5dbe0;border-radius:.5rem;padding:.75rem;margin:0 0 .75rem}
ul.cards h2{font-size:1.05rem;margin:0 0 .25rem}
.meta{color:#4a5561;font-size:.9rem;margin:.25rem 0 0}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1rem 0}
.filters{display:grid;grid-template-columns:1fr;gap:.5rem;margin:0 0 1rem}
footer.site{color:#4a5561;font-size:.85rem;padding:1rem;text-align:center}
`.replace(/\n/g, '');

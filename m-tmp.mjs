import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 680, height: 1000 } });
await p.emulateMedia({ media: 'print' });
await p.goto('file://' + process.cwd() + '/' + process.argv[2], { waitUntil: 'load' });
const r = await p.evaluate(() => {
  const out = [];
  for (const s of document.querySelectorAll('main > section')) {
    const subs = [...s.querySelectorAll(':scope > section')].map(x => x.id || x.getAttribute('aria-labelledby')).map((id) => { const el = document.querySelector(`[aria-labelledby="${id}"]`); return id.replace(/^.*-/, '') + ':' + Math.round(el.getBoundingClientRect().height); });
    out.push(s.getAttribute('aria-labelledby') + ' ' + Math.round(s.getBoundingClientRect().height) + ' ' + subs.join(' '));
  }
  return out;
});
console.log(r.join('\n'));
await b.close();

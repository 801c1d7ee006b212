import { chromium } from 'playwright-core';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'chr-')), {
  executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = ctx.pages()[0];
page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror:', e.message)); page.on('requestfailed', (r) => console.log('FAILED', r.url())); page.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
page.on('worker', (w) => { console.log('worker', w.url()); w.on('console', (m) => console.log('wconsole', m.text())); });
await page.goto(process.argv[2]);
await page.waitForTimeout(3000);
const r = await page.evaluate(async () => {
  const t0 = performance.now();
  try { const s = await Promise.race([window.nanocoalesce.load('v=1&a=Au:3:sphere&b=Au:3:sphere&gap=4&T=873&thermo=nose-hoover&seed=42'), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 10000))]); return ['ok', performance.now() - t0, s]; }
  catch (e) { return ['err', e.message]; }
});
console.log(JSON.stringify(r));
await ctx.close();

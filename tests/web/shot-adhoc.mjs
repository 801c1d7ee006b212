import { chromium } from 'playwright-core';
const link = process.argv[2];
const out = process.argv[3] || '/tmp/shot';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] });
for (const [w, h] of [[1280, 800], [1440, 900], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const errs = [];
  page.on('pageerror', (e) => errs.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
  await page.goto(`http://localhost:8765/?${link}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60000 });
  await page.click('#play');
  await page.waitForTimeout(8000);
  const info = await page.evaluate(() => ({ status: document.getElementById('status').textContent, error: document.getElementById('error').textContent, link: document.getElementById('sharelink').value }));
  console.log(w, h, JSON.stringify(info), errs.join(' | '));
  await page.screenshot({ path: `${out}-${w}.png`, fullPage: w === 390 });
  await page.close();
}
await browser.close();

/**
 * The README's picture of the HTML report: opens a run folder's index.html in
 * Debian's Chromium, times how long the page takes from navigation until it has
 * drawn everything (median of several loads), and writes a screenshot of its top.
 *
 *   node --import=@tapjs/typescript/import scripts/report-screenshot.ts [run folder] [out.png]
 *
 * Defaults: reports/latest and docs/html-report.png.
 */
import { chromium } from '@playwright/test';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2] ?? 'reports/latest');
const out = resolve(process.argv[3] ?? 'docs/html-report.png');
const page = join(dir, 'index.html');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await p.goto(pathToFileURL(page).href);
    await p.waitForSelector('body[data-ready="true"]');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const height = Number(await p.evaluate('document.body.scrollHeight'));
  await p.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 3000) } });
  console.log(`${page}: ${(statSync(page).size / 1024).toFixed(1)} KiB; load to drawn, median of ${times.length}: ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)}); page ${height} px tall`);
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
}

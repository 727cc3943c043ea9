/// <reference lib="dom" />
/**
 * The HTML report in a real browser: charts drawn, the failure filter, audio from
 * the run folder, markup in a clip name kept inert, the matrix side by side, no
 * network, and a screenshot.
 */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunReport } from '../../src/core/types.js';
import { noChromium } from './chromium.js';
import { runs } from './runs.js';

test.skip(noChromium() !== undefined, noChromium() ?? '');

const XSS = '<img src=x onerror=alert(1)>';
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
const problem = (c: RunReport['clips'][number]) => ['failed', 'error', 'timedout'].includes(c.status);
const confused = (c: RunReport['clips'][number]) => c.label !== undefined && c.predicted !== undefined && c.predicted !== c.label;

/** Opens a page, failing the test on a dialog, a script error or any request leaving the disk. */
async function open(page: Page, file: string): Promise<{ dialogs: string[]; errors: string[]; remote: string[] }> {
  const seen = { dialogs: [] as string[], errors: [] as string[], remote: [] as string[] };
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) seen.remote.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]');
  return seen;
}

test('the scenario page: header, budgets and every chart drawn', async ({ page }) => {
  const dir = runs().kws;
  const r = report(dir);
  const seen = await open(page, join(dir, 'index.html'));
  await expect(page.locator('h1')).toContainText(r.scenario.name);
  await expect(page.locator('h1 .badge')).toHaveText(r.status);
  expect(r.status).toBe('failed');
  await expect(page.locator('table.budgets tbody tr')).toHaveCount(r.budgets.length);
  await expect(page.locator('table.budgets tbody tr', { hasText: 'accuracy.min' })).toContainText('kws.yaml:');
  for (const name of ['confusion', 'classes', 'latency', 'memory']) {
    const marks = await page.locator(`figure[data-chart="${name}"] svg`).first().locator('rect, path, circle, line').count();
    expect(marks, `${name} chart has marks`).toBeGreaterThan(0);
  }
  // The heat map has one cell per (true label, prediction) pair: labels × (labels + none).
  const n = r.metrics.confusion!.labels.length;
  await expect(page.locator('figure[data-chart="confusion"] svg g[aria-label="cell"] rect')).toHaveCount(n * (n + 1));
  await expect(page.locator('section#link table tbody tr')).toHaveCount(r.target.links!.length);
  expect(seen).toEqual({ dialogs: [], errors: [], remote: [] });
});

test('the clip table opens on failures and confusions, filters, sorts', async ({ page }) => {
  const dir = runs().kws;
  const r = report(dir);
  await open(page, join(dir, 'index.html'));
  const rows = page.locator('table.cliptable tbody tr');
  const attention = r.clips.filter((c) => problem(c) || confused(c));
  expect(attention.length).toBeGreaterThan(0);
  await expect(rows).toHaveCount(attention.length);
  await expect(page.locator('.clips .count')).toHaveText(`${attention.length} of ${r.clips.length} clips`);
  await page.selectOption('.clips select', 'all');
  await expect(rows).toHaveCount(r.clips.length);
  await page.selectOption('.clips select', 'confusions');
  await expect(rows).toHaveCount(r.clips.filter(confused).length);
  await page.selectOption('.clips select', 'all');
  await page.fill('.clips input[type=search]', 'stop');
  await expect(rows).toHaveCount(r.clips.filter((c) => [c.id, c.label ?? '', c.predicted ?? '', c.reason ?? ''].some((s) => s.toLowerCase().includes('stop'))).length);
  await page.fill('.clips input[type=search]', '');
  await page.click('table.cliptable th:text-is("clip")');
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-clip')!));
  expect(ids).toEqual(r.clips.map((c) => c.id).sort((a, b) => a.localeCompare(b)));
});

test('every audio element plays a file inside the run folder', async ({ page }) => {
  const dir = runs().kws;
  const r = report(dir);
  await open(page, join(dir, 'index.html'));
  await page.selectOption('.clips select', 'all');
  const audio = page.locator('table.cliptable audio');
  const wanted = r.clips.filter((c) => problem(c) || confused(c));
  await expect(audio).toHaveCount(wanted.length);
  const srcs = await audio.evaluateAll((as) => as.map((a) => (a as HTMLAudioElement).src));
  for (const src of srcs) {
    const file = fileURLToPath(src);
    expect(relative(dir, file).startsWith('..'), `${file} is inside ${dir}`).toBe(false);
    expect(existsSync(file)).toBe(true);
  }
  // The browser decodes the first one: a real WAV of 1 s.
  const duration = await audio.first().evaluate((a: HTMLAudioElement) => new Promise<number>((res, rej) => {
    a.preload = 'auto';
    a.addEventListener('loadedmetadata', () => res(a.duration), { once: true });
    a.addEventListener('error', () => rej(new Error(`audio error ${a.error?.code}`)), { once: true });
    a.load();
  }));
  expect(duration).toBeCloseTo(1, 1);
});

test('a clip named as markup renders as text and runs nothing', async ({ page }) => {
  const dir = runs().kws;
  const seen = await open(page, join(dir, 'index.html'));
  await page.selectOption('.clips select', 'all');
  await expect(page.locator('table.cliptable tbody tr', { hasText: XSS })).toHaveCount(1);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('the matrix page shows every variant side by side and links each run', async ({ page }) => {
  const dir = runs().matrix;
  const cells = (JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')) as { cells: { variant: string }[] }).cells;
  expect(cells.map((c) => c.variant)).toEqual(['int8', 'f32']);
  const seen = await open(page, join(dir, 'index.html'));
  const charts = page.locator('figure[data-chart^="matrix-"]');
  await expect(charts).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const labels = await charts.nth(i).locator('svg g[aria-label="x-axis tick label"] text').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['int8 · mps2-an386', 'f32 · mps2-an386']);
    await expect(charts.nth(i).locator('svg g[aria-label="bar"] rect')).toHaveCount(2);
  }
  await expect(page.locator('table.matrix tbody tr')).toHaveCount(2);
  await page.click('a:text-is("browser-kws-f32")');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('h1')).toContainText('browser-kws-f32');
  expect(seen).toEqual({ dialogs: [], errors: [], remote: [] });
});

test('embedded clips play from the page itself', async ({ page }) => {
  const dir = runs().embed;
  await open(page, join(dir, 'index.html'));
  await page.selectOption('.clips select', 'all');
  const srcs = await page.locator('table.cliptable audio').evaluateAll((as) => as.map((a) => a.getAttribute('src')!));
  expect(srcs.length).toBe(3);
  for (const s of srcs) expect(s.startsWith('data:audio/wav;base64,')).toBe(true);
  expect(existsSync(join(dir, 'clips'))).toBe(false);
});

test('a screenshot of the report is written', async ({ page }) => {
  const dir = runs().kws;
  await open(page, join(dir, 'index.html'));
  const file = resolve(dir, 'screenshot.png');
  await page.screenshot({ path: file, fullPage: true });
  expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  expect(statSync(file).size).toBeGreaterThan(10_000);
  expect(dirname(file)).toBe(dir);
});

test('a run whose firmware did not build: the verdict, the reason and the error, no charts, no script error', async ({ page }) => {
  const dir = runs().broken;
  const r = report(dir);
  expect(r.status).toBe('error');
  const seen = await open(page, join(dir, 'index.html'));
  await expect(page.locator('h1 .badge')).toHaveText('error');
  await expect(page.locator('header .reason')).toHaveText(r.reason!);
  await expect(page.locator('figure.chart')).toHaveCount(0);
  await expect(page.locator('.chart-error')).toHaveCount(0);
  await expect(page.locator('table.cliptable tbody tr')).toHaveCount(r.clips.length);
  expect(seen).toEqual({ dialogs: [], errors: [], remote: [] });
});

test('a run with a baseline shows the deltas, the changed clips and the confusion change', async ({ page }) => {
  const dir = runs().baseline;
  const c = report(dir).comparison!;
  expect(c.figures.length).toBeGreaterThan(0);
  const seen = await open(page, join(dir, 'index.html'));
  await expect(page.locator('section#comparison table.deltas tbody tr')).toHaveCount(c.figures.length);
  await expect(page.locator('section#comparison table.deltas tbody tr', { hasText: 'flash' })).toContainText('B');
  await expect(page.locator('section#comparison table.changed tbody tr')).toHaveCount(c.clips!.changed.length);
  const n = c.confusion!.labels.length;
  await expect(page.locator('figure[data-chart="confusion-diff"] svg g[aria-label="cell"] rect')).toHaveCount(n * (n + 1));
  expect(seen).toEqual({ dialogs: [], errors: [], remote: [] });
});

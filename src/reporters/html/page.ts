/**
 * index.html: one self-contained file (no server, no network). The page script
 * and its charting library are bundled at build time (scripts/build-web.mjs into
 * dist/web/) and inlined here with the data, so the report opens from disk or as
 * a downloaded CI artifact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { PageData } from './model.js';

/** The package root: src/reporters/html and dist/reporters/html are both three levels down. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let assets: { js: string; css: string } | undefined;

/** The bundled page script and style (built by `npm run build`). */
export function pageAssets(): { js: string; css: string } {
  if (assets) return assets;
  const dir = join(ROOT, 'dist', 'web');
  if (!existsSync(join(dir, 'report.js'))) throw new Error(`the HTML report's page script is not built (${join(dir, 'report.js')}): run npm run build`);
  const js = readFileSync(join(dir, 'report.js'), 'utf8');
  const css = readFileSync(join(dir, 'report.css'), 'utf8');
  // Inlined into <script>/<style>: a closing tag inside would end them early. esbuild escapes
  // these in string literals; this is the check that it did.
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('the bundled page script contains a closing tag; it cannot be inlined');
  assets = { js, css };
  return assets;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` as \u escapes
 * (no `</script>` or `<!--` can appear), and U+2028/2029, which old parsers choke on.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The policy forbids every fetch: scripts and styles only inline, images only
 * data: URIs, audio only from the run folder (or embedded), no connections.
 */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; media-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** The whole page for `data`, titled `title`. */
export function renderPage(title: string, data: PageData): string {
  const { js, css } = pageAssets();
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="tinyhil">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<noscript>This report draws its tables and charts with JavaScript; the same figures are in report.json next to this file.</noscript>',
    '<main id="app"></main>',
    `<script type="application/json" id="tinyhil-data">${scriptJson(data)}</script>`,
    `<script>${js}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

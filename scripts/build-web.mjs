// Bundles the HTML report's page script (web/report/) with its charting library,
// Observable Plot, into dist/web/report.js and report.css. The html reporter inlines
// both into each index.html, so the page needs no network and no server.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  entryPoints: { report: `${root}web/report/main.ts` },
  outdir: `${root}dist/web`,
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  // Chromium 100+, Firefox 100+, Safari 15+: what a reviewer opens a CI artifact in.
  target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none',
  logLevel: 'warning',
});

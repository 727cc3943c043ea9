import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlReporter, writeRunIndex } from '../../../src/reporters/html/index.js';
import { escapeHtml, renderPage, scriptJson } from '../../../src/reporters/html/page.js';
import { budgetRows, type PageData, type ScenarioPage } from '../../../src/reporters/html/model.js';
import { matrixRows } from '../../../src/reporters/matrix.js';
import { clip, context, failingBudgetsReport, passingReport } from '../fixtures/reports.js';

const XSS = 'yes/</script><img src=x onerror=alert(1)><!--\u2028.wav';

/** The JSON the page script will parse, read back the way the browser does. */
function embedded(html: string): PageData {
  const m = /<script type="application\/json" id="tinyhil-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1]!) as PageData;
}

t.test('data from input cannot close the data block or open markup, and reads back unchanged', async (t) => {
  const json = scriptJson({ id: XSS });
  t.notMatch(json, /[<>&\u2028]/);
  t.same(JSON.parse(json), { id: XSS });
  t.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

t.test('one self-contained page: no external script, style, image or link; a policy forbidding fetches', async (t) => {
  const r = passingReport();
  r.scenario.name = '<b>kws</b>';
  r.clips = [clip(XSS, { predicted: 'no' })];
  const html = renderPage(`${r.scenario.name}: ${r.status}`, { page: 'scenario', report: r, budgets: budgetRows(r), audio: {}, audioNote: 'none' });
  t.match(html, /<title>&lt;b&gt;kws&lt;\/b&gt;: passed<\/title>/);
  t.notMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i, 'nothing is loaded from elsewhere');
  t.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
  t.equal(html.match(/<\/script>/g)!.length, 2, 'exactly the data block and the page script end');
  t.same((embedded(html) as ScenarioPage).report.clips[0]!.id, XSS);
});

t.test('budget rows: measured, allowed with its comparator, the margin and the scenario line', async (t) => {
  const r = failingBudgetsReport();
  r.budgets[0]!.location = { file: '/abs/s.yaml', line: 23, col: 3 };
  const rows = budgetRows(r);
  const failed = rows.find((b) => b.status === 'failed')!;
  t.equal(failed.over, true);
  t.match(failed.margin, /^-/);
  t.match(failed.allowed, /^[≤≥] /);
  t.equal(rows[0]!.at, `${r.scenario.file}:23:3`);
});

t.test('the reporter writes index.html with the report, its budget rows and the copied clips', async (t) => {
  const dir = t.testdir({ src: { 'b.wav': 'RIFFbb' } });
  const r = failingBudgetsReport();
  r.clips = [clip('yes/a.wav'), clip('yes/b.wav', { path: join(dir, 'src', 'b.wav'), predicted: 'no' })];
  const rep = new HtmlReporter();
  rep.onBegin(context(join(dir, 'run')));
  await rep.onEnd(r);
  const page = embedded(readFileSync(join(dir, 'run', 'index.html'), 'utf8')) as ScenarioPage;
  t.equal(page.page, 'scenario');
  t.same(page.report, JSON.parse(JSON.stringify(r)));
  t.same(page.audio, { 'yes/b.wav': 'clips/0002-b.wav' });
  t.equal(page.budgets.length, r.budgets.length);
  t.equal(page.audioNote, 'failing and confused clips, copied into clips/');
});

t.test('the run-level page links each scenario\'s folder and carries the matrix rows', async (t) => {
  const dir = t.testdir({});
  const a = passingReport();
  a.scenario.matrix = { group: 'm', variant: 'int8', platform: 'p' };
  const b = failingBudgetsReport();
  b.scenario.matrix = { group: 'm', variant: 'f32', platform: 'p' };
  await writeRunIndex(dir, [a, b], matrixRows([a, b]), ['m-int8', 'm-f32']);
  const page = embedded(readFileSync(join(dir, 'index.html'), 'utf8'));
  if (page.page !== 'run') throw new Error('not a run page');
  t.same(page.scenarios.map((s) => [s.href, s.status]), [['m-int8/index.html', 'passed'], ['m-f32/index.html', 'failed']]);
  t.same(page.matrix.map((m) => m.variant), ['int8', 'f32']);
  t.equal(page.title, 'm');
});

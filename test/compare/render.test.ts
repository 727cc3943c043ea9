/** A comparison as console text and as Markdown: what a reviewer reads, hostile names kept inert. */
import t from 'tap';
import { compare, comparisonMarkdown, comparisonText, marker, unpairedMarkdown } from '../../src/compare/index.js';
import type { Regression } from '../../src/config/schema.js';
import { base, head, side } from './fixtures.js';

const REG: Regression = { accuracy: { max_drop: 0.005 }, flash: { max_increase: { bytes: 1024 } }, ram: { max_increase: { bytes: 512 } } };
const cmp = (reg?: Regression, h = head()) => compare(side(base(), 'main/kws/report.json'), side(h), reg, { clockHz: 25_000_000 });

t.test('console: runs, figures with units and intervals, clips worst first, confusion change, verdicts; ASCII', async (t) => {
  const text = comparisonText(cmp(REG));
  t.ok(/^[\x20-\x7e\n]*$/.test(text), 'plain ASCII');
  const lines = text.split('\n');
  t.equal(lines[0], 'tinyhil compare: kws');
  t.equal(lines[1], '  base: main/kws/report.json: kws on mps2-an386 (qemu), passed, 2026-11-25 11:59 UTC, tinyhil 0.1.0, firmware bbbbbbbbbbbb');
  t.match(text, /\n {2}figure +base +head +change\n/);
  t.match(text, /\n {2}accuracy +75% \(6\/8\), 95% CI 40\.9%\.\.92\.9% +62\.5% \(5\/8\), 95% CI 30\.6%\.\.86\.3% +-12\.5 points\n/);
  t.match(text, /\n {2}latency\.p50 +2,940,000 instructions +3,028,200 instructions +\+88,200 instructions \(\+3%\)\n/);
  t.match(text, /\n {2}flash +57,832 B \(56\.5 KiB\) +59,368 B \(58 KiB\) +\+1,536 B \(\+2\.66%\)\n/);
  t.match(text, /\n {2}recall\[yes\] +100% \(2\/2\) +50% \(1\/2\) +-50 points\n/);
  t.notMatch(text, /recall\[_silence_\]/, 'an unchanged class is not a row...');
  t.match(text, /\n {2}recall of 1 other class: unchanged \(_silence_\)\n/, '...but is named');
  t.match(text, /\nClips: 8 in both, 4 the same, 4 changed: 2 right -> wrong, 1 wrong -> other wrong, 1 wrong -> right\n {2}right -> wrong +up\/up-0002\.wav +\(up\) +up -> timedout\n/);
  t.match(text, /\n {2}wrong -> right +no\/no-0001\.wav +\(no\) +up -> no\n/);
  t.match(text, /\nConfusion matrix change .*\n {2}true \\ predicted +_silence_ +yes +no +up +\(none\)\n {2}yes +\. +-1 +\+1 +\. +\.\n/);
  t.match(text, /\nRegression thresholds \(2 of 3 flagged\)\n {2}\[FAIL\] regression\.accuracy\.max_drop: accuracy fell 12\.5 points \(75\.0% -> 62\.5%\) > allowed 0\.5 points\n/);
  t.match(text, /\n {2}\[PASS\] regression\.ram\.max_increase: /);
  t.ok(text.endsWith('\nkws: REGRESSION: 2 thresholds flagged\n'));
  t.ok(comparisonText(cmp()).endsWith('\nRegression thresholds: none in the scenario (deltas only)\nkws: deltas only (no thresholds)\n'));
  t.ok(comparisonText(cmp({ ram: { max_increase: { bytes: 0 } } })).endsWith('\nkws: no regression flagged\n'));
});

t.test('markdown: the hidden marker first, the verdict, thresholds, figures, collapsed clips and confusion', async (t) => {
  const md = comparisonMarkdown(cmp(REG));
  const lines = md.split('\n');
  t.equal(lines[0], '<!-- tinyhil-compare: kws -->');
  t.equal(lines[1], '### ❌ tinyhil compare: kws: 2 regressions flagged');
  t.match(md, /\n\| ❌ \| `regression\.accuracy\.max_drop` \| 12\.5 points \| ≤ 0\.5 points \| accuracy fell 12\.5 points \(75\.0% → 62\.5%\) &gt; allowed 0\.5 points \|\n/);
  t.match(md, /\n\| `accuracy` \| 75% \(6\/8\), 95% CI 40\.9%–92\.9% \| 62\.5% \(5\/8\), 95% CI 30\.6%–86\.3% \| -12\.5 points \|\n/);
  t.match(md, /\n<details>\n<summary>Clips: 8 in both, 4 the same, 4 changed: 2 right → wrong, 1 wrong → other wrong, 1 wrong → right<\/summary>\n\n\| Clip \| Label \| Base \| Head \| Change \|\n/);
  t.match(md, /\n\| `up\/up-0002\.wav` \| up \| up \| timedout \| right → wrong \|\n/);
  t.match(md, /\n\| true \\ predicted \| _silence_ \| yes \| no \| up \| \(none\) \|\n/);
  t.equal(comparisonMarkdown(cmp(REG), { marker: false, level: 4 }).split('\n')[0], '#### ❌ tinyhil compare: kws: 2 regressions flagged', 'the job summary has no marker');
  t.match(comparisonMarkdown(cmp()), /^<!-- tinyhil-compare: kws -->\n### ℹ️ tinyhil compare: kws: deltas only \(no regression thresholds\)\n/);
  t.match(comparisonMarkdown(cmp({ ram: { max_increase: { bytes: 0 } } })), /\n### ✅ tinyhil compare: kws: no regression flagged\n/);
});

t.test('hostile clip names and labels stay text; a marker cannot be closed early', async (t) => {
  const h = head();
  h.clips[1] = { ...h.clips[1]!, id: '<img src=x onerror=alert(1)>|x`.wav', predicted: '<b>no</b>' };
  const b = base();
  b.clips[1] = { ...b.clips[1]!, id: '<img src=x onerror=alert(1)>|x`.wav' };
  const md = comparisonMarkdown(compare(side(b), side(h), undefined, { clockHz: 1 }));
  t.notMatch(md.replace(/`[^`\n]*`/g, ''), /<img|<b>/, 'no HTML outside code spans (which GitHub renders literally)');
  t.match(md, /\| `<img src=x onerror=alert\(1\)>\\\|x'\.wav` \| yes \| yes \| &lt;b&gt;no&lt;\/b&gt; \| right → wrong \|/);
  t.equal(marker('a --> <script>'), '<!-- tinyhil-compare: a_--___script_ -->');
  t.equal(unpairedMarkdown('new-one', 'head', 'reports/new-one/report.json'), '<!-- tinyhil-compare: new-one -->\n### ℹ️ tinyhil compare: new-one: no baseline: the base run has no report for this scenario (new, or renamed)\n\n- head: `reports/new-one/report.json`\n');
});

t.test('changed clips are capped, with where to find the rest', async (t) => {
  const h = head();
  const b = base();
  for (let i = 0; i < 30; i++) {
    b.clips.push({ id: `yes/x-${String(i).padStart(2, '0')}.wav`, label: 'yes', status: 'passed', predicted: 'yes', wallMs: 1 });
    h.clips.push({ id: `yes/x-${String(i).padStart(2, '0')}.wav`, label: 'yes', status: 'passed', predicted: 'no', wallMs: 1 });
  }
  const c = compare(side(b), side(h), undefined, { clockHz: 1 });
  t.match(comparisonText(c), /\n {2}\.\.\. and 14 more \(hil compare --format json lists them all\)\n/);
  t.match(comparisonMarkdown(c, { maxClips: 10 }), /\n… and 24 more \(`hil compare --format json` lists them all\)\n/);
});

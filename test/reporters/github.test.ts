import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeData, escapeProperty, GithubReporter, githubAnnotations, githubSummary } from '../../src/reporters/github.js';
import type { RunReport } from '../../src/core/types.js';
import { capture, clip, failingBudgetsReport, infraErrorReport, passingReport, timedOutReport } from './fixtures/reports.js';

async function run(r: RunReport, env: NodeJS.ProcessEnv) {
  const out = capture();
  await new GithubReporter({ env, write: out.write }).onEnd(r);
  return out.text();
}

t.test('appends a job summary and prints an annotation per failed budget', async (t) => {
  const dir = t.testdir({ 'summary.md': '# earlier step\n' });
  const file = join(dir, 'summary.md');
  const stdout = await run(failingBudgetsReport(), { GITHUB_STEP_SUMMARY: file });
  t.same(stdout.split('\n').filter(Boolean), [
    '::error title=Budget ram.peak.max failed (kws-smoke)::measured 61234 B > allowed 60000 B%0Ameasured 61,234 B, allowed <= 60,000 B [stack painting + linker regions]',
    '::error title=Budget recall.min[yes] error (kws-smoke)::no labelled clip for "yes" was classified%0Ameasured n/a, allowed >= 90%25 [labelled clips]',
  ]);
  const md = readFileSync(file, 'utf8');
  t.ok(md.startsWith('# earlier step\n### ❌ tinyhil: kws-smoke on stm32f746-renode failed\n'), 'appended, not overwritten');
  t.match(md, /\n> budget ram\.peak\.max: measured 61234 B &gt; allowed 60000 B\n/);
  t.match(md, /\n\| ✅ \| `latency\.p95\.max` \| 1,300,000 cycles \| ≤ 2,000,000 cycles \| DWT cycle counter \|\n/);
  t.match(md, /\n\| ❌ \| `ram\.peak\.max` \| 61,234 B \| ≤ 60,000 B \| measured 61234 B &gt; allowed 60000 B \|\n/);
  t.match(md, /\n\| ⏭️ \| `energy\.max` \| n\/a \| ≤ 5 mJ \| no energy probe on this target \|\n/);
  t.match(md, /\n\| Accuracy \| 75% \(3\/4\), 95% CI 30\.06%–95\.44% \|\n/);
  t.match(md, /\n\| Peak RAM \| 61,234 B \(59\.8 KiB\) = static/);
  t.match(md, /<details>\n<summary>Failing clips \(1\)<\/summary>\n\n\| Clip \| Status \| Reason \|\n\| --- \| --- \| --- \|\n\| `yes\/2\.wav` \| failed \| predicted no, expected yes; mismatches: scores\[0\] expected 230 got 229 \|\n\n<\/details>\n/);
  await run(passingReport(), { GITHUB_STEP_SUMMARY: file });
  t.match(readFileSync(file, 'utf8'), /### ✅ tinyhil: kws-smoke on stm32f746-renode passed\n/, 'a second run appends');
});

t.test('a passing run prints no annotation; without GITHUB_STEP_SUMMARY no file is needed', async (t) => {
  t.equal(await run(passingReport(), {}), '');
  t.notMatch(githubSummary(passingReport()), /<details>|Infrastructure/);
});

t.test('infrastructure errors are annotated and summarised apart; escapes stripped', async (t) => {
  const lines = githubAnnotations(infraErrorReport());
  t.same(lines, [
    '::error title=Infrastructure error%3A link (kws-smoke)::CRC mismatch in RESULT frame%0Aframe 12: 0xdeadbeef != 0x0badf00d\n',
    '::error title=Infrastructure error%3A emulator (kws-smoke)::renode exited with code 139 (SIGSEGV)\n',
  ]);
  const md = githubSummary(infraErrorReport());
  t.match(md, /\*\*Infrastructure errors\*\*.*\n\n- `link` \(clip `no\/1\.wav`\): CRC mismatch in RESULT frame frame 12: 0xdeadbeef != 0x0badf00d\n- `emulator`: renode exited with code 139 \(SIGSEGV\)\n/);
});

t.test('a run failing on clips alone still gets one annotation', async (t) => {
  t.same(githubAnnotations(timedOutReport()), ['::error title=tinyhil kws-smoke failed::1 clip timed out; first: unknown/1.wav: no RESULT within 5000 ms\n']);
});

t.test('failing clips are capped; table cells cannot break the table', async (t) => {
  const r = failingBudgetsReport();
  r.clips = Array.from({ length: 7 }, (_, i) => clip(`a|b/${i}.wav`, { status: 'failed', reason: `x | y <b>\nz` }));
  const md = githubSummary(r, 5);
  t.match(md, /\n\| `a\\\|b\/0\.wav` \| failed \| x \\\| y &lt;b&gt; z \|\n/);
  t.equal(md.split('\n').filter((l) => l.startsWith('| `a')).length, 5);
  t.match(md, /\n… and 2 more in results\.jsonl\n/);
});

t.test('workflow command escaping', async (t) => {
  t.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
  t.equal(escapeProperty('a: b, c%'), 'a%3A b%2C c%25');
});

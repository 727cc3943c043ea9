/**
 * Clip names come from file names, which may hold a newline, a GitHub workflow
 * command or terminal escapes. No human-facing reporter may let them start a
 * line of their own (a forged `::error` annotation) or reach the terminal.
 */
import t from 'tap';
import { ProgressReporter } from '../../src/reporters/progress.js';
import { consoleSummary } from '../../src/reporters/console.js';
import { clip, context, passingReport } from './fixtures/reports.js';

const HOSTILE = 'yes/a\n::error title=forged::pwned\x1b[31m\x07.wav';
const forged = (lines: string[]) => lines.filter((l) => /^::/.test(l) || /[\x07\x1b]/.test(l));

t.test('progress: a failing clip and an error naming it stay on their own line, without escapes', async (t) => {
  const rep = new ProgressReporter({ now: () => 0 });
  const ctx = context('/tmp/run', { totalClips: 1 });
  rep.onBegin(ctx);
  rep.onClipEnd(clip(HOSTILE, { status: 'failed', reason: 'wrong\n::warning::also forged' }));
  rep.onError({ kind: 'link', message: 'lost', clip: HOSTILE });
  rep.onEnd();
  const lines = ctx.lines.flatMap((l) => l.split('\n'));
  t.same(forged(lines), []);
  t.ok(lines.some((l) => l.includes('yes/a ::error title=forged::pwned.wav')), 'the name is shown, folded onto the line');
});

t.test('console summary: the clip failure and the error lines too', async (t) => {
  const r = passingReport();
  r.status = 'failed';
  r.clips = [clip(HOSTILE, { status: 'failed', reason: 'x' })];
  r.errors = [{ kind: 'link', message: 'lost', clip: HOSTILE }];
  const lines = consoleSummary(r, '/tmp/run', false).split('\n');
  t.same(forged(lines), []);
  t.ok(lines.some((l) => l.includes('(clip yes/a ::error title=forged::pwned.wav)')));
});

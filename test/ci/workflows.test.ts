/**
 * The GitHub workflows, checked offline: each against the workflow schema
 * (@action-validator/core); the PR comparison (ci.yml keeps and uses the base
 * branch's reports, pr-comment.yml posts the tables: its script is run here against
 * a stand-in GitHub API); and the bench workflow for what makes a shared
 * board safe (self-hosted runners labelled by board, one concurrency group per
 * board that queues instead of cancelling, the board target with a wait) and
 * runs what exists (its scenarios' platforms have board: sections).
 */
import t from 'tap';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';

const { validateWorkflow } = createRequire(import.meta.url)('@action-validator/core') as {
  validateWorkflow(src: string): { errors: { path: string; detail?: string; title: string }[] };
};

interface Job {
  'runs-on': string | string[];
  concurrency?: { group: string; 'cancel-in-progress'?: boolean; queue?: string };
  strategy?: { matrix?: { include?: Record<string, string>[] } };
  steps: { run?: string; uses?: string; env?: Record<string, string> }[];
}
const read = (name: string) => readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8');

/** The workflow as the validator's schema knows it: `queue` (GitHub, 2026-05) is newer than @action-validator/core 0.6.0's schema. */
function withoutQueue(src: string): string {
  const doc = parse(src) as { jobs: Record<string, Job> };
  for (const j of Object.values(doc.jobs)) if (j.concurrency) delete j.concurrency.queue;
  return stringify(doc);
}

for (const name of ['ci.yml', 'bench.yml', 'pr-comment.yml']) {
  t.test(`${name}: valid against the workflow schema`, async (t) => {
    t.same(validateWorkflow(withoutQueue(read(name))).errors, []);
  });
}

t.test('the validator does catch a broken workflow (so the check above can fail)', async (t) => {
  const broken = read('bench.yml').replace('runs-on:', 'runs_on:');
  t.ok(validateWorkflow(withoutQueue(broken)).errors.length > 0);
});

t.test('bench.yml: a board at a time, queued in order, on runners labelled by board, running scenarios that exist', async (t) => {
  const wf = parse(read('bench.yml')) as { on: Record<string, unknown>; jobs: Record<string, Job> };
  t.ok('workflow_dispatch' in wf.on && 'schedule' in wf.on, 'manual and nightly');
  const job = wf.jobs.board!;
  t.same(job['runs-on'], ['self-hosted', 'hil-${{ matrix.board }}']);
  t.match(job.concurrency, { group: /\$\{\{ matrix\.board \}\}/, queue: 'max' });
  t.not(job.concurrency?.['cancel-in-progress'], true, 'a queued job never cancels the one running on the board');
  const run = job.steps.map((s) => s.run ?? '').join('\n');
  t.match(run, /npx hil run "\$s" --target board --board-wait \d+m/);
  t.match(run, /npx hil boards/);
  const include = job.strategy?.matrix?.include ?? [];
  t.ok(include.length > 0);
  for (const entry of include) {
    for (const s of entry.scenarios!.split(' ')) {
      const loaded = await loadScenario(join(ROOT, s));
      t.equal(loaded.platform.name, entry.platform, `${s} runs on ${entry.platform}`);
      t.ok(loaded.platform.board, `${entry.platform} has a board: section`);
    }
  }
});

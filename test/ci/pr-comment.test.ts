/**
 * The PR comparison in the workflows: ci.yml keeps the base branch's reports and
 * compares pull requests with them; pr-comment.yml (workflow_run, the pattern for
 * forks' read-only tokens) posts one comment per scenario. Its github-script is
 * run here against a stand-in GitHub API with real `hil compare` Markdown.
 */
import t, { type Test } from 'tap';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compare, comparisonMarkdown, MARKER_PREFIX, unpairedMarkdown } from '../../src/compare/index.js';
import { ROOT } from '../helpers/cli.js';
import { base, head, side } from '../compare/fixtures.js';

interface Step { name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }
interface Job { if?: string; permissions?: Record<string, string>; steps: Step[] }
interface Workflow { on: Record<string, any>; permissions?: unknown; jobs: Record<string, Job>; name: string }
const read = (name: string) => parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
const ci = read('ci.yml');
const pc = read('pr-comment.yml');
const script = pc.jobs.comment!.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script!;

t.test('ci.yml: the base branch\'s reports kept on push, restored and compared on pull requests, nothing writable', async (t) => {
  t.same(ci.permissions, { contents: 'read' });
  t.notMatch(JSON.stringify(ci), /pull-requests/, 'no pull-requests permission in ci');
  const steps = ci.jobs.test!.steps;
  const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
  const restore = at((s) => s.uses === 'actions/cache/restore@v4');
  const save = at((s) => s.uses === 'actions/cache/save@v4');
  t.match(steps[restore], { if: "github.event_name == 'pull_request'", with: { path: 'baseline/', key: 'tinyhil-baseline-${{ github.event.pull_request.base.sha }}', 'restore-keys': 'tinyhil-baseline-' } });
  t.match(steps[save], { if: "success() && github.event_name == 'push'", with: { path: 'baseline/', key: 'tinyhil-baseline-${{ github.sha }}' } });
  const kws = at((s) => /^npx hil run scenarios\/kws\.yaml --out reports\/kws /.test(s.run ?? ''));
  t.ok(restore < kws && kws < save, 'restored before the gates, saved after');
  t.match(steps[kws]!.run, /--baseline baseline\/kws/);
  t.match(steps[at((s) => /scenarios\/selftest\.yaml/.test(s.run ?? ''))]!.run, /--baseline baseline\/selftest/);
  const cmp = steps[at((s) => /hil compare/.test(s.run ?? ''))]!;
  t.equal(cmp.if, "always() && github.event_name == 'pull_request'");
  t.match(cmp.run, /npx hil compare "baseline\/\$s" "reports\/\$s" --format markdown > "pr-comment\/\$s\.md" \|\| \[ \$\? -eq 1 \]/);
  t.match(cmp.run, /echo "\$PR_NUMBER" > pr-comment\/pr-number/);
  t.same(cmp.env, { PR_NUMBER: '${{ github.event.pull_request.number }}' }, 'the number through the environment, not pasted into the script');
  t.match(steps[at((s) => s.with?.name === 'pr-comment')], { uses: 'actions/upload-artifact@v4', if: "always() && github.event_name == 'pull_request'", with: { path: 'pr-comment/' } });
  t.match(steps[at((s) => /cp "reports\/\$s\/report\.json" "baseline\/\$s\/"/.test(s.run ?? ''))], { if: "success() && github.event_name == 'push'" });
});

t.test('pr-comment.yml: after ci completes, only it may write pull requests, artifact content never in an expression', async (t) => {
  t.same(pc.on, { workflow_run: { workflows: [ci.name], types: ['completed'] } });
  t.same(pc.permissions, {});
  const job = pc.jobs.comment!;
  t.equal(job.if, "github.event.workflow_run.event == 'pull_request'");
  t.same(job.permissions, { actions: 'read', 'pull-requests': 'write' });
  t.match(job.steps[0], { uses: 'actions/download-artifact@v4', 'continue-on-error': true, with: { name: 'pr-comment', 'run-id': '${{ github.event.workflow_run.id }}' } });
  t.notMatch(script, /\$\{\{/, 'no ${{ }} in the script: nothing is pasted into code');
  t.ok(job.steps.every((s) => s.run === undefined), 'no shell step');
  t.match(script, new RegExp(`<!-- ${MARKER_PREFIX} `), 'the marker hil compare writes');
});

/** A stand-in for github-script's `github`, `context` and `core`, recording what the script did. */
function api(opts: { headSha: string; comments?: { id: number; user: { login: string }; body: string }[] }) {
  const calls: string[] = [];
  const comments = opts.comments ?? [];
  const github = {
    rest: {
      pulls: { get: async ({ pull_number }: { pull_number: number }) => ({ data: { number: pull_number, head: { sha: opts.headSha } } }) },
      issues: {
        listComments: async () => ({ data: comments }),
        createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => void calls.push(`create #${issue_number} ${body.split('\n')[0]} (${body.length})`),
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void calls.push(`update ${comment_id} ${body.split('\n')[0]} (${body.length})`),
      },
    },
    paginate: async (f: () => Promise<{ data: unknown[] }>) => (await f()).data,
  };
  const context = { repo: { owner: 'o', repo: 'r' }, payload: { workflow_run: { id: 99, head_sha: 'abc' } } };
  const core = { info: (m: string) => void calls.push(`info ${m}`), notice: (m: string) => void calls.push(`notice ${m}`), setFailed: (m: string) => void calls.push(`failed ${m}`) };
  return { github, context, core, calls };
}

async function runScript(t: Test, files: Record<string, string>, a: ReturnType<typeof api>) {
  const ws = t.testdir();
  mkdirSync(join(ws, 'pr-comment'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(ws, 'pr-comment', f), text);
  const saved = process.env.GITHUB_WORKSPACE;
  process.env.GITHUB_WORKSPACE = ws;
  try {
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
    await new AsyncFunction('require', 'github', 'context', 'core', script)(createRequire(import.meta.url), a.github, a.context, a.core);
  } finally {
    if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = saved;
  }
  return a.calls;
}

const kwsMd = comparisonMarkdown(compare(side(base()), side(head()), { flash: { max_increase: { bytes: 1024 } } }, { clockHz: 25e6 }));

t.test('the comment script: one comment per scenario, created, then edited in place', async (t) => {
  const selftest = head();
  selftest.scenario.name = 'selftest';
  const files = { 'pr-number': '42\n', 'kws.md': kwsMd, 'selftest.md': `${comparisonMarkdown(compare(side(base()), side(selftest), undefined, { clockHz: 1 }))}\n${unpairedMarkdown('new', 'head', 'reports/new/report.json')}` };
  const first = await runScript(t, files, api({ headSha: 'abc' }));
  t.same(first.filter((c) => !c.startsWith('info')).map((c) => c.replace(/ \(\d+\)$/, '')), [
    'create #42 <!-- tinyhil-compare: kws -->', 'create #42 <!-- tinyhil-compare: selftest -->', 'create #42 <!-- tinyhil-compare: new -->',
  ]);
  const bot = { login: 'github-actions[bot]' };
  const comments = [
    { id: 7, user: { login: 'someone' }, body: '<!-- tinyhil-compare: kws -->\nquoted by a person' },
    { id: 8, user: bot, body: '<!-- tinyhil-compare: kws -->\n### old table' },
    { id: 9, user: bot, body: '<!-- tinyhil-compare: selftest -->\n### old table' },
  ];
  const again = await runScript(t, files, api({ headSha: 'abc', comments }));
  t.same(again.filter((c) => !c.startsWith('info')).map((c) => c.replace(/ \(\d+\)$/, '')), [
    'update 8 <!-- tinyhil-compare: kws -->', 'update 9 <!-- tinyhil-compare: selftest -->', 'create #42 <!-- tinyhil-compare: new -->',
  ], 'its own comments edited, a person\'s never');
});

t.test('the comment script treats the artifact as untrusted', async (t) => {
  t.same(await runScript(t, { 'pr-number': '42; rm -rf /', 'kws.md': kwsMd }, api({ headSha: 'abc' })), ['failed pr-number is not a pull request number: "42; rm -rf /"']);
  t.same(await runScript(t, { 'pr-number': '7', 'kws.md': kwsMd }, api({ headSha: 'not-what-ci-built' })), ['notice PR #7 is at not-what-ci-built, ci built abc: not posting (a newer run will)'], 'a PR number pointing elsewhere is refused');
  t.same(await runScript(t, {}, api({ headSha: 'abc' })), ['info no comparison from ci: nothing to post']);
  const forged = `preamble without a marker\n<!-- tinyhil-compare: ok --> trailing\n<!-- tinyhil-compare: a b -->\n${'x'.repeat(70_000)}\n`;
  t.same(await runScript(t, { 'pr-number': '3', 'x.md': forged }, api({ headSha: 'abc' })), [], 'text before a marker, and malformed markers, start no comment');
  const huge = `<!-- tinyhil-compare: big -->\n${'y'.repeat(70_000)}`;
  const calls = await runScript(t, { 'pr-number': '3', 'big.md': huge }, api({ headSha: 'abc' }));
  const size = Number(/\((\d+)\)$/.exec(calls[0]!)![1]);
  t.ok(size < 65_536, `cut below GitHub's limit: ${size}`);
});

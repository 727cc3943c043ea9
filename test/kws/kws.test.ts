/**
 * The kws reference workload (firmware/apps/kws): host C unit tests against the
 * Python reference's golden vectors, the committed weights reproducing the
 * recorded per-clip scores on the committed clips (host int8 and f32 builds),
 * the device (QEMU mps2-an386) equal to the host build bit for bit, a one-weight
 * perturbation caught by parity, and the generated weights tied to the committed
 * checkpoint. No Python needed.
 */
import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const APP = join(ROOT, 'firmware', 'apps', 'kws');
const FIX = join(ROOT, 'test', 'kws', 'fixtures');

interface Expected {
  score_scale: number;
  accuracy: { int8: number; f32: number };
  clips: { path: string; label: string; int8: number[]; f32: number[]; int8_pred: string; f32_pred: string }[];
}
interface Row {
  id: string;
  path: string;
  label: string;
  status: string;
  predicted?: string;
  scores?: number[];
  parityDiff?: number | null;
}

const expected: Expected = JSON.parse(readFileSync(join(FIX, 'expected.json'), 'utf8'));
const byPath = new Map(expected.clips.map((c) => [join(FIX, c.path), c]));

function rows(dir: string): Row[] {
  return readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
}

const tmp = (t: Test, name: string) => tempDir(t, `kws-${name}-`);

function parityOf(dir: string): { status: string; measured: number | null } | undefined {
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { budgets: { name: string; status: string; measured: number | null }[] };
  return report.budgets.find((b) => b.name === 'parity');
}

/** Raw int32 scores back from the report (score = raw x 2^-16 is exact in a double). */
function raw(scores: number[]): number[] {
  return scores.map((s) => Math.round(s / expected.score_scale));
}

t.test('host C unit tests: front end and int8 kernels against golden vectors', async (t) => {
  let out = '';
  try {
    out = execFileSync('make', ['-s', '-C', APP, 'test'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    t.fail(`kws unit tests failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    return;
  }
  const m = /^(\d+) passed, (\d+) failed$/m.exec(out);
  t.ok(m, 'summary line printed');
  t.equal(Number(m?.[2]), 0, 'no check failed');
  t.ok(Number(m?.[1]) > 1000, `${m?.[1]} checks passed`);
});

for (const variant of ['int8', 'f32'] as const) {
  t.test(`host ${variant} build reproduces every recorded score on the committed clips`, async (t) => {
    const out = tmp(t, `host-${variant}`);
    const r = await runCli(['run', join(FIX, `kws-${variant}.yaml`), '--target', 'host', '--out', out]);
    t.equal(r.code, 0, `exit 0\n${r.stdout}${r.stderr}`);
    const got = rows(out);
    t.equal(got.length, expected.clips.length, 'every committed clip ran');
    let same = 0;
    let correct = 0;
    for (const g of got) {
      const e = byPath.get(g.path);
      if (!e) {
        t.fail(`unexpected clip ${g.path}`);
        continue;
      }
      if (JSON.stringify(raw(g.scores ?? [])) === JSON.stringify(e[variant])) same++;
      else t.fail(`${g.path}: scores ${JSON.stringify(raw(g.scores ?? []))} != recorded ${JSON.stringify(e[variant])}`);
      t.equal(g.predicted, e[`${variant}_pred`], `${g.path}: predicted`);
      if (g.predicted === g.label) correct++;
    }
    t.equal(same, expected.clips.length, 'all scores bit-identical to the recorded ones');
    t.equal(Math.round((correct / got.length) * 1e4) / 1e4, expected.accuracy[variant], `recorded accuracy ${expected.accuracy[variant]}`);
  });
}

t.test('device (QEMU mps2-an386, int8) equals the host build bit for bit (parity: exact)', async (t) => {
  const out = tmp(t, 'qemu');
  const r = await runCli(['run', join(FIX, 'kws-int8.yaml'), '--out', out]);
  t.equal(r.code, 0, `exit 0\n${r.stdout}${r.stderr}`);
  t.equal(parityOf(out)?.status, 'passed', 'parity budget passed');
  for (const g of rows(out)) {
    const e = byPath.get(g.path);
    t.same(raw(g.scores ?? []), e?.int8, `${g.path}: device scores equal the recorded host scores`);
  }
});

t.test('DEFINES=KWS_PERTURB_WEIGHT (one weight, device only) fails parity', async (t) => {
  const out = tmp(t, 'perturbed');
  const r = await runCli(['run', join(FIX, 'kws-perturbed.yaml'), '--sample', '12', '--seed', '1', '--out', out]);
  t.equal(r.code, 1, 'exit 1: a budget failed');
  const parity = parityOf(out);
  t.equal(parity?.status, 'failed', 'parity budget failed');
  t.equal(parity?.measured, 12, 'all 12 clips differ from the host build');
  const clips = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { clips: Row[] }).clips;
  t.ok(clips.length === 12 && clips.every((c) => typeof c.parityDiff === 'number' && c.parityDiff > 0), 'each clip has a non-zero parityDiff');
});

t.test('the generated C weights come from the committed checkpoint', async (t) => {
  const ckpt = createHash('sha256').update(readFileSync(join(APP, 'model', 'kws.pt'))).digest('hex');
  for (const f of ['weights_int8.c', 'weights_f32.c']) {
    const src = readFileSync(join(APP, 'model', 'gen', f), 'utf8');
    t.match(src, new RegExp(`checkpoint sha256 ${ckpt}`), `${f} names the committed checkpoint`);
  }
  const metrics = JSON.parse(readFileSync(join(APP, 'model', 'metrics.json'), 'utf8'));
  t.equal(metrics.checkpoint_sha256, ckpt, 'metrics.json describes the committed checkpoint');
});

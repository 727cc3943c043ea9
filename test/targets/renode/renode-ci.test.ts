/**
 * CI runs the Renode tests for real, on 1.15.3 and the newest 1.16.x: the
 * workflow installs each (its portable Linux release, cached), sets RENODE, and
 * runs the same setup and test scripts as the QEMU job (so the renode-live
 * tests run instead of skipping), then the Renode selftest scenario on both
 * audio paths and the KWS scenario, recording every exchange with Renode.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadScenario } from '../../../src/config/load.js';
import { ROOT } from '../../helpers/cli.js';

interface Step { name?: string; run?: string; uses?: string; if?: string; id?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job { container?: string; env?: Record<string, string>; strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> }; steps: Step[] }
const wf = parse(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as { jobs: Record<string, Job> };

/** What the job's "Which Renode" step makes of a matrix entry, run as the shell would (the API stubbed). */
function which(run: string, entry: string, releases: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'hil-ci-'));
  try {
    const fake = join(dir, 'curl');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s' '${releases}'\n`);
    chmodSync(fake, 0o755);
    const out = join(dir, 'out');
    const env = join(dir, 'env');
    writeFileSync(out, '');
    writeFileSync(env, '');
    execFileSync('bash', ['-e', '-c', run.replace(/\$\{\{ matrix\.renode \}\}/g, entry)], {
      env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: out, GITHUB_ENV: env, GH_TOKEN: 'x' },
    });
    return Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('the renode job: a matrix over 1.15.3 and the newest 1.16.x, each installed from its portable release, cached, RENODE set', async (t) => {
  const job = wf.jobs.renode!;
  t.ok(job, 'a renode job');
  t.same(job.strategy?.matrix, { renode: ['1.15.3', '1.16.x'] }, '1.15.3 (the recordings in test/targets/renode/fixtures) and the current 1.16');
  t.equal(job.strategy?.['fail-fast'], false, 'one version failing does not cancel the other');
  const steps = job.steps;
  const pick = steps.find((s) => s.id === 'which')!;
  t.ok(pick, 'a step decides the version and the file');
  t.same(which(pick.run!, '1.15.3', ''), { version: '1.15.3', asset: 'renode-1.15.3.linux-portable.tar.gz' }, '1.15: the mono portable release');
  const api = '[{"tag_name": "v1.16.0"}, {"tag_name": "v1.17.0"}, {"tag_name": "v1.16.2"}, {"tag_name": "v1.16.10"}, {"tag_name": "v1.15.3"}]';
  t.same(which(pick.run!, '1.16.x', api), { version: '1.16.10', asset: 'renode-1.16.10.linux-portable-dotnet.tar.gz' }, '1.16.x: the newest 1.16 release, by version, in its .NET portable form');
  t.same(which(pick.run!, '1.16.x', 'not json'), { version: '1.16.1', asset: 'renode-1.16.1.linux-portable-dotnet.tar.gz' }, 'the API unreachable: 1.16.1');
  const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
  t.match(cache?.with, { path: '~/renode', key: 'renode-${{ steps.which.outputs.version }}-${{ steps.which.outputs.asset }}' }, 'cached per version');
  const install = steps.find((s) => /releases\/download\/v\$\{RENODE_VERSION\}\/\$\{\{ steps\.which\.outputs\.asset \}\}/.test(s.run ?? ''));
  t.ok(install, 'downloads that release file');
  t.match(install?.run, /tar -xz --strip-components=1 -C ~\/renode/);
  t.equal(install?.if, `steps.${cache?.id}.outputs.cache-hit != 'true'`, 'only when not cached');
  const icu = steps.find((s) => /libicu72/.test(s.run ?? ''));
  t.ok(icu, 'ICU for the .NET build');
  t.match(icu?.if, /!startsWith\(steps\.which\.outputs\.version, '1\.15\.'\)/, 'only where it runs on .NET');
  const env = steps.findIndex((s) => /RENODE=\$HOME\/renode\/renode" >> "\$GITHUB_ENV"/.test(s.run ?? ''));
  t.ok(env >= 0, 'RENODE is set for the later steps');
  const runs = steps.map((s) => s.run ?? '');
  const at = (cmd: string) => runs.findIndex((r) => r.trim() === cmd);
  t.ok(at('bash scripts/setup.sh') > env, 'the same setup script, after RENODE is set');
  t.ok(at('npm test') > at('bash scripts/setup.sh'), 'the same test script: the live Renode tests run here');
  const rec = ' --renode-record reports/renode-recordings';
  t.ok(at(`npx hil run scenarios/selftest-renode.yaml --out reports/renode-uart${rec}`) > at('npm test'), 'the Renode scenario gates, UART path, recorded');
  t.ok(at(`npx hil run scenarios/selftest-renode.yaml --audio-path memory --out reports/renode-memory${rec}`) > 0, 'and the memory path');
  t.ok(at(`npx hil run scenarios/kws-renode.yaml --out reports/renode-kws${rec}`) > at('npm test'), 'the KWS scenario gates too');
  const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.ok(upload > at(`npx hil run scenarios/kws-renode.yaml --out reports/renode-kws${rec}`), 'its reports and recordings are kept');
  t.match(steps[upload]!.with, { name: 'reports-renode-${{ steps.which.outputs.version }}', path: 'reports/' }, 'one artifact per version');
  t.equal(steps[upload]!.if, 'always()');
});

t.test('the KWS scenario: the int8 KWS firmware on Renode stm32f4-discovery, a subset of the gated test set', async (t) => {
  const s = await loadScenario(join(ROOT, 'scenarios', 'kws-renode.yaml'), { platformDirs: [join(ROOT, 'platforms')] });
  t.equal(s.platform.name, 'stm32f4-discovery');
  t.same(s.scenario.target, { kind: 'renode', optional: true, audio_path: 'memory' }, 'optional: skipped where Renode is missing; CI installs it');
  t.same(s.scenario.budgets?.latency, { p50: { max: { cycles: 3_000_000 } }, p95: { max: { cycles: 3_000_000 } } }, "kws.yaml's latency limit: DWT virtual cycles");
  t.match(s.scenario.firmware, { app: 'kws', variables: { VARIANT: 'int8' } });
  t.match(s.scenario.inputs, [{ synth: { split: 'test', per_word: 4 } }], 'held-out persons, hashed like kws.yaml');
  t.same(s.scenario.budgets?.parity, { tolerance: 0 }, 'bit-identical to the host build');
});

t.test('the QEMU job runs the same scripts', async (t) => {
  const runs = wf.jobs.test!.steps.map((s) => s.run ?? '');
  t.ok(runs.includes('bash scripts/setup.sh'));
  t.ok(runs.includes('npm test'));
});

t.test('the gated scenario runs on Renode and is not optional (a broken install must fail CI)', async (t) => {
  const s = await loadScenario(join(ROOT, 'scenarios', 'selftest-renode.yaml'), { platformDirs: [join(ROOT, 'platforms')] });
  t.equal(s.scenario.target?.kind, 'renode');
  t.notOk(s.scenario.target?.optional);
  t.equal(s.platform.name, 'stm32f4-discovery');
  t.equal(s.scenario.verify, 'selftest');
});

t.test('both jobs run on Debian bookworm; the test job gates the KWS and selftest scenarios on QEMU', async (t) => {
  // The gated keyword test set is checked against hashes of bookworm's speech engines.
  for (const [name, job] of Object.entries(wf.jobs)) t.equal(job.container, 'node:20-bookworm', `${name}: bookworm with Node 20`);
  const runs = wf.jobs.test!.steps.map((s) => (s.run ?? '').trim());
  t.ok(runs.indexOf('bash scripts/setup.sh') >= 0 && runs.indexOf('npm test') > runs.indexOf('bash scripts/setup.sh'), 'the same setup and test scripts as .ci/run');
  // Pull requests add --baseline (the base branch's run, docs/compare.md) when it has one.
  const gate = (cmd: string) => runs.findIndex((r) => r === cmd || r.startsWith(`${cmd} $(test -f baseline/`));
  t.ok(gate('npx hil run scenarios/kws.yaml --out reports/kws') > runs.indexOf('npm test'), 'the README main command gates');
  t.ok(gate('npx hil run scenarios/selftest.yaml --out reports/selftest') > 0, 'and the selftest');
});

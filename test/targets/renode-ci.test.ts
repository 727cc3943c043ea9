/**
 * CI runs the Renode tests for real: the workflow installs Renode (its portable
 * Linux release, cached), sets RENODE, and runs the same setup and test scripts
 * as the QEMU job (so renode-live.test.ts runs instead of skipping), then the
 * Renode selftest scenario on both audio paths.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadScenario } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';

interface Step { name?: string; run?: string; uses?: string; if?: string; id?: string; with?: Record<string, unknown> }
const wf = parse(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as { jobs: Record<string, { container?: string; env?: Record<string, string>; steps: Step[] }> };

t.test('the renode job installs Renode, caches it and sets RENODE', async (t) => {
  const job = wf.jobs.renode;
  t.ok(job, 'a renode job');
  const version = job!.env?.RENODE_VERSION;
  t.equal(version, '1.15.3', 'the version the recordings in test/targets/fixtures come from');
  const steps = job!.steps;
  const cache = steps.find((s) => s.uses?.startsWith('actions/cache@'));
  t.match(cache?.with, { path: '~/renode', key: /renode-\$\{\{ env\.RENODE_VERSION \}\}/ }, 'cached per version');
  const install = steps.find((s) => /renode-\$\{RENODE_VERSION\}\.linux-portable\.tar\.gz/.test(s.run ?? ''));
  t.ok(install, 'downloads the portable Linux release');
  t.match(install?.run, /github\.com\/renode\/renode\/releases\/download\/v\$\{RENODE_VERSION\}/);
  t.equal(install?.if, `steps.${cache?.id}.outputs.cache-hit != 'true'`, 'only when not cached');
  const env = steps.findIndex((s) => /RENODE=\$HOME\/renode\/renode" >> "\$GITHUB_ENV"/.test(s.run ?? ''));
  t.ok(env >= 0, 'RENODE is set for the later steps');
  const runs = steps.map((s) => s.run ?? '');
  const at = (cmd: string) => runs.findIndex((r) => r.trim() === cmd);
  t.ok(at('bash scripts/setup.sh') > env, 'the same setup script, after RENODE is set');
  t.ok(at('npm test') > at('bash scripts/setup.sh'), 'the same test script: the live Renode tests run here');
  t.ok(at('npx hil run scenarios/selftest-renode.yaml --out reports/renode-uart') > at('npm test'), 'the Renode scenario gates, UART path');
  t.ok(at('npx hil run scenarios/selftest-renode.yaml --audio-path memory --out reports/renode-memory') > 0, 'and the memory path');
  t.ok(at('npx hil run scenarios/kws-renode.yaml --out reports/renode-kws') > at('npm test'), 'the KWS scenario gates too');
  const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.ok(upload > at('npx hil run scenarios/kws-renode.yaml --out reports/renode-kws'), 'its reports are kept');
});

t.test('the KWS scenario: the int8 KWS firmware on Renode stm32f4-discovery, a subset of the gated test set', async (t) => {
  const s = await loadScenario(join(ROOT, 'scenarios', 'kws-renode.yaml'), { platformDirs: [join(ROOT, 'platforms')] });
  t.equal(s.platform.name, 'stm32f4-discovery');
  t.same(s.scenario.target, { kind: 'renode', optional: true, audio_path: 'memory' }, 'optional: skipped where Renode is missing; CI installs it');
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
  t.ok(runs.indexOf('npx hil run scenarios/kws.yaml --out reports/kws') > runs.indexOf('npm test'), 'the README main command gates');
  t.ok(runs.indexOf('npx hil run scenarios/selftest.yaml --out reports/selftest') > 0, 'and the selftest');
});

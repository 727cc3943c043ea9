import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/config/index.js';
import { expandMatrix } from '../../src/runner/matrix.js';
import { ROOT, runCli } from '../helpers/cli.js';

const CLIPS = join(ROOT, 'scenarios', 'clips', 'selftest');
const base = `name: mx
platform: mps2-an386
firmware: { app: selftest, variables: { KEEP: 1 } }
labels: [seg0, seg1, seg2, seg3]
inputs: [{ files: ["${CLIPS}/seg0/*.wav"] }]
verify: selftest
budgets: { flash: { max: 12KiB }, stack: { max: 4KiB } }
`;

t.test('variants × platforms: names, merged variables, replaced budget groups, located platform errors', async (t) => {
  const dir = t.testdir({
    'list.yaml': `${base}matrix: { variants: [int8, f32] }\n`,
    'map.yaml': `${base}matrix:\n  variants:\n    a: {}\n    b: { variables: { DEFINES: X }, budgets: { flash: { max: 20KiB } } }\n  platforms: [mps2-an386, netduinoplus2]\n`,
    'bad.yaml': `${base}matrix: { platforms: [mps2-an386, netduino] }\n`,
  });
  const list = await expandMatrix(await loadScenario(join(dir, 'list.yaml'), { platformDirs: [join(ROOT, 'platforms')] }));
  t.same(list.map((e) => [e.loaded.scenario.name, e.loaded.scenario.firmware.variables, e.cell]), [
    ['mx-int8', { KEEP: 1, VARIANT: 'int8' }, { group: 'mx', variant: 'int8', platform: 'mps2-an386' }],
    ['mx-f32', { KEEP: 1, VARIANT: 'f32' }, { group: 'mx', variant: 'f32', platform: 'mps2-an386' }],
  ]);
  const map = await expandMatrix(await loadScenario(join(dir, 'map.yaml'), { platformDirs: [join(ROOT, 'platforms')] }));
  t.same(map.map((e) => e.loaded.scenario.name), ['mx-a-mps2-an386', 'mx-b-mps2-an386', 'mx-a-netduinoplus2', 'mx-b-netduinoplus2']);
  t.same(map.map((e) => e.loaded.platform.clock_hz), [25e6, 25e6, 168e6, 168e6]);
  t.same(map[1]!.loaded.scenario.budgets, { flash: { max: 20 * 1024 }, stack: { max: 4096 } }, 'the variant replaces flash, keeps stack');
  t.same(map[0]!.loaded.scenario.budgets, { flash: { max: 12 * 1024 }, stack: { max: 4096 } });
  await t.rejects(expandMatrix(await loadScenario(join(dir, 'bad.yaml'), { platformDirs: [join(ROOT, 'platforms')] })), /bad\.yaml:8:35: platform "netduino" is not defined .*did you mean "netduinoplus2"\?/);
});

t.test('a matrix run: one sub-folder per cell, matrix.json and a side-by-side table, the worst cell decides the exit', async (t) => {
  const dir = t.testdir({ 'm.yaml': `${base}target: { audio_path: memory }\nmatrix:\n  variants:\n    clean: {}\n    fault: { variables: { DEFINES: SELFTEST_FAULT } }\n` });
  const r = await runCli(['run', join(dir, 'm.yaml'), '--out', join(dir, 'out'), '--reporter', 'json']);
  t.equal(r.code, 1, 'the fault cell fails its verification');
  t.match(r.stdout, /Matrix mx \(2 runs\)\n\s+variant\s+platform\s+status\s+accuracy\s+p50 latency\s+p95 latency\s+peak RAM\s+flash\n\s+clean\s+mps2-an386\s+passed\s+100\.0%/);
  const m = JSON.parse(readFileSync(join(dir, 'out', 'matrix.json'), 'utf8')) as { cells: { variant: string; status: string; flash: number }[] };
  t.same(m.cells.map((c) => [c.variant, c.status]), [['clean', 'passed'], ['fault', 'failed']]);
  t.ok(m.cells.every((c) => c.flash > 8000));
  const rep = JSON.parse(readFileSync(join(dir, 'out', 'mx-fault', 'report.json'), 'utf8'));
  t.same(rep.scenario.matrix, { group: 'mx', variant: 'fault', platform: 'mps2-an386' });
});

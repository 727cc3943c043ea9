/**
 * Tool versions: each tool is started once per path for its version, however
 * often a run asks (target, synth engines, provenance), concurrently or not.
 */
import t from 'tap';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeTool, type ToolSpec } from '../../src/proc/tools.js';

/** A tool that says its version and counts how often it was started. */
function fakeTool(dir: string, name: string, version: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho started >> "${file}.starts"\necho "${name} version ${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}
const starts = (file: string) => (existsSync(`${file}.starts`) ? readFileSync(`${file}.starts`, 'utf8').split('\n').filter(Boolean).length : 0);

const ENV = 'TINYHIL_TEST_FAKE_TOOL';
const spec: ToolSpec = { name: 'faketool', bins: [], env: ENV, versionArgs: ['--version'], versionRe: /version (\d+\.\d+\.\d+)/, install: 'none', usedFor: 'tests', required: false };

t.test('a tool is asked for its version once per path', async (t) => {
  const dir = t.testdir();
  const a = fakeTool(dir, 'a', '1.2.3');
  const b = fakeTool(dir, 'b', '2.0.0');
  const saved = process.env[ENV];
  t.teardown(() => {
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  });
  process.env[ENV] = a;
  const together = await Promise.all([probeTool(spec), probeTool(spec)]);
  const later = await probeTool(spec);
  t.same([...together, later].map((s) => [s.path, s.version]), [[a, '1.2.3'], [a, '1.2.3'], [a, '1.2.3']]);
  t.equal(starts(a), 1, 'started once for three asks, two of them at the same time');
  // The path is looked up on every ask: another tool there is another version.
  process.env[ENV] = b;
  t.same([(await probeTool(spec)).version, (await probeTool(spec)).version], ['2.0.0', '2.0.0']);
  t.equal(starts(b), 1);
  t.equal(starts(a), 1);
});

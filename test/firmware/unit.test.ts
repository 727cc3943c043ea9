/** The firmware's own host unit tests (framing, CRC, link rules), built and run with the host compiler. */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../helpers/cli.js';

t.test('make -C firmware test passes', async (t) => {
  let out = '';
  try {
    out = execFileSync('make', ['-C', `${ROOT}/firmware`, 'test'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    t.fail(`firmware unit tests failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    return;
  }
  const m = /(\d+) checks?/.exec(out);
  t.ok(m && Number(m[1]) > 1000, `ran ${m?.[1] ?? '?'} checks`);
});

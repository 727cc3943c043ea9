/**
 * The one-line error text every target uses: a tool's first line, or the
 * telling line of its log (recorded Renode and QEMU logs), cut to ~200
 * characters; the rest stays in the log file and the error's detail.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, firstLine, QUOTE_MAX, telling } from '../../src/targets/target.js';

t.test('firstLine: the first non-empty line, at most QUOTE_MAX characters', async (t) => {
  t.equal(firstLine("\n  Error E39: Exception was thrown during registration of 'harness' in 'sysbus':\nCould not register ..."), "Error E39: Exception was thrown during registration of 'harness' in 'sysbus':");
  t.equal(firstLine(''), '');
  const long = 'x'.repeat(500);
  t.equal(firstLine(long).length, QUOTE_MAX);
  t.ok(firstLine(long).endsWith('…'), 'a cut says so');
  t.equal(clip('short'), 'short');
});

t.test("telling: the log line that says why a tool stopped, not tinyhil's own lines", async (t) => {
  // Renode's log of the offline SVD failure (recorded live, E): the 2 KB tinyhil used to print on one line.
  const renode = readFileSync(join(import.meta.dirname, 'renode', 'fixtures', 'renode-live', '1.15.3-E-renode-w0.log'), 'utf8');
  t.equal(telling(renode), '06:30:00.2291 [ERROR] Download failed 5 times, aborting.');
  // The B log: the reset that halted the CPU.
  const b = readFileSync(join(import.meta.dirname, 'renode', 'fixtures', 'renode-live', '1.15.3-B-renode-w0.head.log'), 'utf8');
  t.match(telling(b), /^\d\d:\d\d:\d\d\.\d+ \[ERROR\] cpu: PC does not lay in memory or PC and SP are equal to zero\. CPU was halted\.$/);
  // QEMU's own words, before tinyhil's exit line.
  const qemu = "$ qemu-system-arm -M mps2-an386 -kernel /x.elf\nqemu-system-arm: -kernel /x.elf: Could not open '/x.elf': No such file or directory\n\n[tinyhil] exited: code=1 signal=null\n";
  t.equal(telling(qemu), "qemu-system-arm: -kernel /x.elf: Could not open '/x.elf': No such file or directory");
  t.equal(telling('$ renode\nsome info\nlast words\n[tinyhil] exited: code=0'), 'last words', 'no error line: the last line the tool wrote');
  t.equal(telling('$ renode\n[tinyhil] exited: code=0'), '', 'nothing written: nothing quoted');
  t.equal(telling(undefined), '');
  t.equal(telling(`x: ${'y'.repeat(400)}`).length, QUOTE_MAX);
});

/**
 * `--target board` end to end through a real serial path: node-serialport
 * opens a pseudo-terminal whose other side is QEMU's guest UART, the flash
 * command (re)starts that emulated board and the reset command resets it
 * (test/targets/board/pty-rig.ts). The same scenarios as on QEMU, unchanged;
 * and what must behave when the board does not: the port vanishing mid-run, a
 * flash that fails, a device answering garbage, a port that is not there.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClipResult, RunReport } from '../../../src/core/types.js';
import { markedProcesses, runCli, startCli, waitFor } from '../../helpers/cli.js';
import { makeRig, RIG } from './pty-rig.js';

const report = (dir: string): RunReport => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
const results = (dir: string): ClipResult[] =>
  existsSync(join(dir, 'results.jsonl')) ? readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ClipResult) : [];
const byId = (r: RunReport) => new Map(r.clips.map((c) => [c.id, c]));

t.test('the selftest through the pty: every clip verified, the instruction counts of QEMU, never called silicon', async (t) => {
  const rig = makeRig(t);
  const [board, qemu] = await Promise.all([
    runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--out', join(rig.dir, 'board')]),
    runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'qemu', '--audio-path', 'uart', '--workers', '1', '--out', join(rig.dir, 'qemu')]),
  ]);
  t.equal(board.code, 0, board.stdout + board.stderr);
  t.equal(qemu.code, 0, qemu.stdout + qemu.stderr);
  const b = report(join(rig.dir, 'board'));
  const q = byId(report(join(rig.dir, 'qemu')));
  t.equal(b.clips.length, 12);
  // The same machine under -icount shift=0 on both; the UART's receive interrupts
  // land at other points of the computation on each run, so counts differ by a
  // few hundred instructions (of 1.18 M), on QEMU's own target too.
  for (const c of b.clips) {
    const qc = q.get(c.id)?.cycles ?? 0;
    t.equal(c.status, 'passed', `${c.id}: verified by the host`);
    t.ok(Math.abs((c.cycles ?? 0) - qc) <= qc * 0.01, `${c.id}: ${c.cycles} instructions through the pty, ${qc} on QEMU: within 1%`);
  }
  t.match(b.target, { kind: 'board', audioPath: 'uart', workers: 1, settings: { board: /test rig/, port: rig.port, emulated: true, audioPaths: /^uart only/ } });
  t.match(b.target.stats, { flashes: 1, resets: 1, portOpens: 1 });
  t.match(JSON.stringify(b), /emulated rig, not silicon/);
  t.notMatch(JSON.stringify(b), /measured on silicon/);
  t.same(markedProcesses(board.marker), [], 'no process of the run left (the rig board is not the run\'s)');
});

// npm test: a stratified sample of 48; CI's board-pty step: every clip (TINYHIL_PTY_FULL=1, ~1.6 s a clip through the pty).
const FULL = process.env.TINYHIL_PTY_FULL === '1';

t.test(`kws.yaml unchanged with --target board: the same prediction for every one of ${FULL ? 'the' : '48'} clips as the QEMU target`, async (t) => {
  const rig = makeRig(t);
  if (FULL) t.setTimeout(3_600_000);
  const sample = FULL ? [] : ['--sample', '48', '--seed', '12'];
  const [board, qemu] = await Promise.all([
    runCli(['run', join(rig.dir, 'kws.yaml'), '--target', 'board', ...sample, '--out', join(rig.dir, 'board')]),
    runCli(['run', join(rig.dir, 'kws.yaml'), '--target', 'qemu', ...sample, '--workers', '1', '--out', join(rig.dir, 'qemu')]),
  ]);
  // A 48-clip sample may miss a per-class recall budget on both: what matters is that they agree.
  t.equal(board.code, qemu.code, `${board.stdout}\n${qemu.stdout}`);
  t.not(board.code, 3, board.stdout);
  const b = report(join(rig.dir, 'board'));
  const q = byId(report(join(rig.dir, 'qemu')));
  if (!FULL) t.equal(b.clips.length, 48);
  t.equal(b.clips.length, q.size, 'the same clips on both');
  const differ = b.clips.filter((c) => c.predicted !== q.get(c.id)?.predicted || c.status !== q.get(c.id)?.status);
  t.same(differ.map((c) => c.id), [], 'every prediction equal');
  t.equal(b.clips.filter((c) => c.predicted !== undefined).length, b.clips.length, 'every clip predicted');
  t.match(b.target, { kind: 'board', audioPath: 'uart' });
});

t.test('the port vanishes mid-run: exit 3, one clear line, every finished clip kept, nothing left running', async (t) => {
  const rig = makeRig(t);
  const out = join(rig.dir, 'out');
  const run = startCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--out', out]);
  await waitFor('three clips done', () => results(out).filter((r) => r.status === 'passed').length >= 3, 120_000);
  rig.unplug();
  const r = await run.done;
  t.equal(r.code, 3, r.stdout + r.stderr);
  t.match(r.stdout, /serial port .*tty at 115200 baud vanished/, 'said what happened');
  // The worker tries the board once more, as after any lost link: flashing an unplugged board fails, and the run stops.
  t.match(r.stdout, /no ST-LINK detected \(the board is unplugged\)/);
  const rep = report(out);
  t.ok(rep.clips.filter((c) => c.status === 'passed').length >= 3, 'the finished clips are in the report');
  t.equal(rep.clips.filter((c) => c.status === 'passed').length, results(out).filter((c) => c.status === 'passed').length);
  t.same(markedProcesses(run.marker), []);
});

t.test('a flash command that fails: its own words quoted, exit 3, nothing opened', async (t) => {
  const rig = makeRig(t, { flash: (dir) => [RIG, 'fail', dir, '{elf}'] });
  const r = await runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--out', join(rig.dir, 'out')]);
  t.equal(r.code, 3, r.stdout);
  t.match(r.stdout, /flashing the board failed \(exit 1\): .*pty-rig\.sh fail .*: "Error: init mode failed \(unable to connect to the target\)"; log .*flash-w0\.log/);
  t.same(markedProcesses(r.marker), []);
});

t.test('a device that answers garbage: the handshake fails naming the port, exit 2', async (t) => {
  const rig = makeRig(t, { flash: (dir) => [RIG, 'garbage', dir, '{elf}'] });
  // A shorter boot timeout: the garbage never turns into a HELLO.
  const r = await runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--timeout-multiplier', '0.3', '--out', join(rig.dir, 'out')]);
  t.equal(r.code, 2, r.stdout);
  t.match(r.stdout, /the device on serial port .*\/rig\/tty at 115200 baud answers, but not in tinyhil's protocol: \d+ bytes, no valid frame/);
  t.same(markedProcesses(r.marker), []);
});

t.test('no port matches: the message says what was asked and what the host sees', async (t) => {
  const rig = makeRig(t, { port: '/dev/ttyNOSUCH0' });
  const r = await runCli(['run', join(rig.dir, 'selftest.yaml'), '--target', 'board', '--out', join(rig.dir, 'out')]);
  t.equal(r.code, 3, r.stdout);
  t.match(r.stdout, /no serial port matches path \/dev\/ttyNOSUCH0 \(waited 2 s\); (seen: .*\(pseudo-terminals are never listed\)|SerialPort\.list\(\) shows no ports|and no list of the ports here: listing serial ports needs udevadm)/);
});

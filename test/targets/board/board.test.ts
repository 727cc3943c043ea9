/**
 * The board target's order of work and its modem-line resets, on
 * @serialport/binding-mock (a pseudo-terminal has no DTR/RTS): flash before
 * opening (or after, with reset none), reset after opening, the earlier
 * program's bytes dropped, a vanished port noticed; and what its counts are.
 */
import t from 'tap';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockBinding } from '@serialport/binding-mock';
import type { BindingInterface, SetOptions } from '@serialport/bindings-cpp';
import type { Platform } from '../../../src/config/schema.js';
import type { DeviceInfo } from '../../../src/core/types.js';
import { boardCycles, createBoardTarget } from '../../../src/targets/board/board.js';
import type { BoardPlatform } from '../../../src/targets/board/platform.js';
import type { PortSource } from '../../../src/targets/board/port.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir(t, 'hil-board-');
const elf = join(dir, 'fw.elf');
writeFileSync(elf, 'not really an ELF: the flash command only touches a file');

interface Recorded {
  sets: SetOptions[];
  flashedBeforeOpen?: boolean;
}

/** binding-mock, with the modem-line calls recorded and what was flashed checked at open. */
function recordingPorts(rec: Recorded, marker: string, failSet = false): PortSource {
  const binding: BindingInterface = {
    list: () => MockBinding.list(),
    async open(opts) {
      rec.flashedBeforeOpen = existsSync(marker);
      const port = await MockBinding.open(opts);
      const set = port.set.bind(port);
      port.set = async (o: SetOptions) => {
        if (failSet) throw new Error('Inappropriate ioctl for device, cannot set');
        rec.sets.push({ dtr: o.dtr, rts: o.rts });
        // The board restarts as the line is asserted: its HELLO comes now.
        if (o.dtr === true || o.rts === true) setImmediate(() => port.isOpen && port.emitData(Buffer.from('after-reset')));
        return set(o);
      };
      return port;
    },
  };
  return { binding, exists: async (p) => (await MockBinding.list()).some((x) => x.path === p) };
}

function platformWith(board: Partial<BoardPlatform>, marker: string): Platform {
  return {
    name: 'mockboard', cpu: 'cortex-m4', clock_hz: 64_000_000,
    memory: { flash: { start: 0, size: 1 << 20 }, ram: { start: 0x20000000, size: 1 << 18 } },
    board: {
      name: 'a mock board', port: { serial_number: '1' }, reappear: 1000,
      flash: { command: ['/bin/sh', '-c', 'test -f "$1" && touch "$2"', 'flash', '{elf}', marker] },
      ...board,
    },
  } as Platform;
}

async function read(stream: NodeJS.ReadableStream, bytes: number): Promise<string> {
  let got = '';
  for await (const chunk of stream) {
    got += String(chunk);
    if (got.length >= bytes) break;
  }
  return got;
}

for (const line of ['dtr', 'rts'] as const) {
  t.test(`reset by ${line.toUpperCase()}: flashed, then opened, then pulsed; the earlier program's bytes are dropped`, async (t) => {
    MockBinding.reset();
    MockBinding.createPort('/dev/ttyACM0', { readyData: Buffer.from('earlier-program') });
    const marker = join(dir, `flashed-${line}`);
    const rec: Recorded = { sets: [] };
    const target = createBoardTarget(
      { platform: platformWith({ reset: { method: line, pulse: 5 } }, marker), elf, runDir: dir, worker: 0, bootMs: 1000, log: () => undefined },
      { ports: async () => recordingPorts(rec, marker) },
    );
    t.teardown(() => target.stop());
    const conn = await target.start();
    t.equal(rec.flashedBeforeOpen, true, 'flashed before the port was opened');
    const other = line === 'dtr' ? 'rts' : 'dtr';
    t.same(rec.sets, [{ [line]: true, [other]: false }, { [line]: false, [other]: false }], `one ${line.toUpperCase()} pulse, the other line held released (set() would assert it)`);
    t.equal(await read(conn.input, 11), 'after-reset', 'only what the restarted board sent');
    t.match(target.stats!(), { flashes: 1, resets: 1, portOpens: 1, droppedBytes: 'earlier-program'.length });
    t.match(target.where, /^serial port \/dev\/ttyACM0 at 115200 baud$/);
    t.match(target.describe(), { board: 'a mock board', port: '/dev/ttyACM0', reset: line, audioPaths: /^uart only/ });
  });
}

t.test('reset none: the port is opened before flashing, so the HELLO after programming is heard', async (t) => {
  MockBinding.reset();
  MockBinding.createPort('/dev/ttyACM0');
  const marker = join(dir, 'flashed-none');
  const rec: Recorded = { sets: [] };
  const target = createBoardTarget(
    { platform: platformWith({}, marker), elf, runDir: dir, worker: 0, bootMs: 1000, log: () => undefined },
    { ports: async () => recordingPorts(rec, marker) },
  );
  t.teardown(() => target.stop());
  await target.start();
  t.equal(rec.flashedBeforeOpen, false);
  t.ok(existsSync(marker), 'and then flashed');
  t.same(rec.sets, [], 'no modem line touched');
  t.match(target.stats!(), { flashes: 1, resets: 0 });
});

t.test('a line reset on a port without modem lines says what to use instead', async (t) => {
  MockBinding.reset();
  MockBinding.createPort('/dev/pts/9');
  const marker = join(dir, 'flashed-pty');
  const target = createBoardTarget(
    { platform: platformWith({ port: { path: '/dev/pts/9' }, reset: { method: 'dtr' } }, marker), elf, runDir: dir, worker: 0, bootMs: 1000, log: () => undefined },
    { ports: async () => recordingPorts({ sets: [] }, marker, true) },
  );
  t.teardown(() => target.stop());
  await t.rejects(target.start(), {
    name: 'TargetError',
    message: 'resetting by DTR failed on serial port /dev/pts/9 at 115200 baud: Inappropriate ioctl for device, cannot set (a pseudo-terminal has no modem lines: use reset method command)',
  });
});

t.test('the port vanishing ends the connection with one line, and health says why', async (t) => {
  MockBinding.reset();
  MockBinding.createPort('/dev/ttyACM0');
  const marker = join(dir, 'flashed-vanish');
  const lines: string[] = [];
  const target = createBoardTarget(
    { platform: platformWith({}, marker), elf, runDir: dir, worker: 0, bootMs: 1000, log: (l) => lines.push(l) },
    { ports: async () => recordingPorts({ sets: [] }, marker) },
  );
  t.teardown(() => target.stop());
  const conn = await target.start();
  const ended = new Promise<Error | undefined>((res) => conn.input.on('error', res).on('close', () => res(undefined)));
  MockBinding.reset(); // unplugged: the path is gone from the list
  // The watch does not keep Node alive (a run's own timers do): this test's wait must.
  const keep = setInterval(() => undefined, 1000);
  const e = await ended;
  clearInterval(keep);
  t.match(e?.message, /^serial port \/dev\/ttyACM0 at 115200 baud vanished: \/dev\/ttyACM0 no longer exists$/);
  t.match(await target.health(), { alive: false, reason: /vanished/ });
  t.equal(lines.filter((l) => /vanished/.test(l)).length, 1, 'said once');
});

t.test('a platform without board: cannot run on a board', async (t) => {
  const p = platformWith({}, 'x');
  delete (p as { board?: unknown }).board;
  t.throws(() => createBoardTarget({ platform: p, elf, runDir: dir, worker: 0, bootMs: 1, log: () => undefined }), { message: 'platform mockboard has no board: section, so it cannot run on a board' });
});

t.test('counts: measured on silicon only from DWT on a real board', async (t) => {
  const dev = (cycleSource: string) => ({ cycleSource }) as DeviceInfo;
  const real = { name: 'STM32F407G-DISC1', port: { path: '/dev/x' }, flash: { command: ['x'] } } as BoardPlatform;
  t.match(boardCycles(real, dev('dwt'), 168e6), { unit: 'cycles', factor: 1, description: 'measured on silicon: DWT CYCCNT at 168 MHz on STM32F407G-DISC1, cycle-accurate' });
  t.notOk(boardCycles(real, dev('dwt'), 168e6).caveat, 'no caveat on silicon DWT');
  t.match(boardCycles(real, dev('systick'), 168e6), { caveat: 'systick on silicon, not DWT' });
  t.notMatch(boardCycles(real, dev('systick'), 168e6).description, /measured on silicon/);
  const rig = { ...real, emulated: true, counts: { unit: 'instructions' as const, factor: 40 } };
  t.match(boardCycles(rig, dev('dwt'), 25e6), { unit: 'instructions', factor: 40, caveat: 'emulated rig, not silicon' });
  t.notMatch(boardCycles(rig, dev('dwt'), 25e6).description, /measured on silicon/);
});

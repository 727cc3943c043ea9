/**
 * Finding a board's port by what SerialPort.list() shows, with
 * @serialport/binding-mock standing in for USB devices a pseudo-terminal
 * cannot imitate (ptys have no serial number or VID:PID and are never listed).
 */
import t from 'tap';
import { MockBinding } from '@serialport/binding-mock';
import { TargetError } from '../../../src/targets/target.js';
import { describePort, findPort, matchesPort, type PortSource } from '../../../src/targets/board/port.js';

function mockPorts(): PortSource {
  return { binding: MockBinding, exists: async (p) => (await MockBinding.list()).some((x) => x.path === p) };
}

t.beforeEach(() => {
  MockBinding.reset();
  MockBinding.createPort('/dev/ttyUSB0', { manufacturer: 'FTDI', vendorId: '0403', productId: '6001' }); // serial "1"
  MockBinding.createPort('/dev/ttyACM0', { manufacturer: 'STMicroelectronics', vendorId: '0483', productId: '374B' }); // serial "2"
  MockBinding.createPort('/dev/ttyACM1', { manufacturer: 'STMicroelectronics', vendorId: '0483', productId: '374b' }); // serial "3"
});

t.test('matching: serial number, VID:PID case-insensitively, manufacturer as a substring', async (t) => {
  const [ftdi, st1, st2] = await MockBinding.list();
  t.ok(matchesPort({ serial_number: '2' }, st1!));
  t.notOk(matchesPort({ serial_number: '2' }, st2!));
  t.ok(matchesPort({ vid: '0483', pid: '374b' }, st1!), 'PID 374B matches 374b');
  t.notOk(matchesPort({ vid: '0483', pid: '374b' }, ftdi!));
  t.ok(matchesPort({ manufacturer: 'stmicro' }, st2!));
  t.notOk(matchesPort({ vid: '0483', serial_number: '1' }, ftdi!), 'every given field must match');
  t.equal(describePort(st1!), '/dev/ttyACM0 (0483:374B, serial 2, STMicroelectronics)');
});

t.test('findPort: the one port that matches, with what list() said of it', async (t) => {
  const f = await findPort({ serial_number: '3' }, mockPorts(), { waitMs: 0 });
  t.equal(f.path, '/dev/ttyACM1');
  t.equal(f.info?.manufacturer, 'STMicroelectronics');
  const byPath = await findPort({ path: '/dev/ttyUSB0' }, mockPorts(), { waitMs: 0 });
  t.same(byPath, { path: '/dev/ttyUSB0' }, 'a bare path is not listed (ptys never are)');
});

t.test('two ports match: say which ones and how to choose', async (t) => {
  await t.rejects(findPort({ vid: '0483', pid: '374b' }, mockPorts(), { waitMs: 0 }), {
    message: /2 serial ports match vid:pid 0483:374b: \/dev\/ttyACM0 .*; \/dev\/ttyACM1 .*; say which with board.port.serial_number or path/,
  });
});

t.test('no port matches: the message lists every port seen', async (t) => {
  const e = (await findPort({ serial_number: '0669FF' }, mockPorts(), { waitMs: 0 }).catch((x: unknown) => x)) as TargetError;
  t.type(e, TargetError);
  t.match(e.message, /^no serial port matches serial_number 0669FF \(waited 0 ms\); seen: \/dev\/ttyUSB0 \(0403:6001, serial 1, FTDI\); \/dev\/ttyACM0 .*; \/dev\/ttyACM1 /);
  MockBinding.reset();
  await t.rejects(findPort({ vid: '0483' }, mockPorts(), { waitMs: 0 }), { message: /SerialPort\.list\(\) shows no ports/ });
});

t.test('a port that re-enumerates is waited for; a path that never comes is reported', async (t) => {
  MockBinding.reset();
  let polls = 0;
  const src: PortSource = {
    binding: MockBinding,
    exists: (p) => {
      // The port comes back on the fourth look, as a USB CDC port does after flashing.
      if (++polls === 4) MockBinding.createPort(p);
      return polls >= 4;
    },
  };
  const f = await findPort({ path: '/dev/ttyACM7' }, src, { waitMs: 60_000, everyMs: 1 });
  t.equal(f.path, '/dev/ttyACM7');
  t.equal(polls, 4, 'looked until it appeared, and no more');
  await t.rejects(findPort({ path: '/dev/nosuch' }, { binding: MockBinding, exists: () => false }, { waitMs: 5, everyMs: 1 }), {
    message: /^no serial port matches path \/dev\/nosuch \(waited 5 ms\); seen: \/dev\/ttyACM7/,
  });
});

t.test('list() without udevadm: one line saying what to install, at once', async (t) => {
  const noUdev = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', path: 'udevadm' });
  const src: PortSource = { binding: { ...MockBinding, list: () => Promise.reject(noUdev) }, exists: () => false };
  let looks = 0;
  const counting: PortSource = { ...src, binding: { ...src.binding, list: () => (looks++, Promise.reject(noUdev)) } };
  await t.rejects(findPort({ serial_number: '2' }, counting, { waitMs: 60_000, everyMs: 1 }), {
    message: 'cannot match a port by serial_number 2: listing serial ports needs udevadm, which is not installed (Debian: apt-get install udev); or give the port by board.port.path',
  });
  t.equal(looks, 1, 'waiting would not mend it: no retry');
  await t.rejects(findPort({ path: '/dev/ttyACM0' }, src, { waitMs: 1, everyMs: 1 }), { message: 'no serial port matches path /dev/ttyACM0 (waited 1 ms); and no list of the ports here: listing serial ports needs udevadm, which is not installed (Debian: apt-get install udev)' });
});

t.test('interrupted while waiting', async (t) => {
  const ac = new AbortController();
  const p = findPort({ path: '/dev/later' }, { binding: MockBinding, exists: () => false }, { waitMs: 60_000, everyMs: 1, signal: ac.signal });
  ac.abort();
  await t.rejects(p, { message: 'interrupted while waiting for the serial port' });
});

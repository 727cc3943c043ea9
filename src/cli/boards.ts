/**
 * `hil boards`: the serial ports this host sees, which lab board each is, and
 * which boards are locked, by whom. Where `SerialPort.list()` cannot run (no
 * udevadm) it says so in one line and still lists the lab. `--scan` prints a
 * starting lab.yaml from what list() sees (twister's hardware map).
 */
import { existsSync } from 'node:fs';
import type { PortInfo } from '@serialport/bindings-cpp';
import { listLocks, lockDir, ownerAlive, describeOwner } from '../proc/lock.js';
import { labFile, loadLab, type LabBoard } from '../targets/board/lab.js';
import { describePort, describeSpec, listPorts, matchesPort, nativePorts } from '../targets/board/port.js';
import { EXIT } from '../metrics/index.js';

/** Which lab board a listed port is (by path or by what list() shows). */
function boardOf(p: PortInfo, boards: LabBoard[]): LabBoard | undefined {
  return boards.find((b) => (b.port.path !== undefined ? b.port.path === p.path : matchesPort(b.port, p)));
}

export async function boards(out: (s: string) => void, opts: { scan?: boolean } = {}): Promise<number> {
  const file = labFile();
  const lab = file ? await loadLab(file) : undefined;
  let ports: PortInfo[] | undefined;
  let why = '';
  try {
    ports = await listPorts(await nativePorts());
  } catch (e) {
    why = (e as Error).message;
  }
  if (opts.scan) {
    out('# A starting lab.yaml from the serial ports this host sees: set each platform, and an id people will use.\nboards:\n');
    (ports ?? []).forEach((p, i) => {
      const port = p.serialNumber ? `{ serial_number: ${JSON.stringify(p.serialNumber)} }` : `{ path: ${JSON.stringify(p.path)} }`;
      out(`  - id: board-${i + 1}\n    platform: TODO  # ${describePort(p)}\n    port: ${port}\n`);
    });
    if (!ports) out(`  # none: ${why}\n`);
    return EXIT.PASS;
  }
  const known = lab?.boards ?? [];
  out('serial ports:\n');
  if (!ports) out(`  cannot list them here: ${why}\n`);
  else if (!ports.length) out('  none\n');
  else for (const p of ports) out(`  ${describePort(p)}${boardOf(p, known) ? `  = ${boardOf(p, known)!.id}` : ''}\n`);
  const dir = lockDir();
  const locks = listLocks(dir);
  out(`\nlab boards${file ? ` (${file})` : ' (no lab file: --lab <file>, $TINYHIL_LAB, or ./lab.yaml)'}:\n`);
  for (const b of known) {
    const l = locks.find((x) => x.name === `board:${b.id}`);
    const present = b.port.path !== undefined ? (existsSync(b.port.path) ? 'present' : 'absent') : ports ? (ports.some((p) => matchesPort(b.port, p)) ? 'present' : 'absent') : 'unknown';
    const state = l ? (ownerAlive(l.owner) ? `locked by ${describeOwner(l.owner)}` : `free (a stale lock of ${describeOwner(l.owner)}, dead)`) : 'free';
    out(`  ${b.id}  ${b.platform}  ${describeSpec(b.port)}  ${present}  ${state}${b.labels?.length ? `  [${b.labels.join(', ')}]` : ''}${b.emulated ? '  (emulated)' : ''}\n`);
  }
  const others = locks.filter((l) => !known.some((b) => l.name === `board:${b.id}`));
  if (others.length) {
    out(`\nother locks (${dir}):\n`);
    for (const l of others) out(`  ${l.name}  ${l.alive ? `locked by ${describeOwner(l.owner)}` : `stale: ${describeOwner(l.owner)}, dead`}\n`);
  }
  return EXIT.PASS;
}

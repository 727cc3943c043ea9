/** The `board` target kind: a physical board over a serial port, flashed and reset by the platform's `board:` section. */
import { createRequire } from 'node:module';
import type { TargetKind } from '../kind.js';
import { BOARD_ENV, BOARD_WAIT_ENV, boardWaitMs, createBoardTarget, PORT_ENV } from './board.js';
import { LAB_ENV, labBoardsFor, labFile, loadedLab, loadLab } from './lab.js';
import { BoardPlatformSchema } from './platform.js';

/** Why node-serialport's native binding does not load here, or undefined when it does. */
function bindingMissing(): string | undefined {
  try {
    createRequire(import.meta.url)('@serialport/bindings-cpp');
    return undefined;
  } catch (e) {
    return `node-serialport's native binding does not load (${(e as Error).message.split('\n')[0]}); run: npm rebuild @serialport/bindings-cpp`;
  }
}

export const boardKind: TargetKind<'board', typeof BoardPlatformSchema> = {
  name: 'board',
  title: 'board',
  summary: 'a physical board over a serial port, per the platform\'s board: section; DWT cycles measured on silicon',
  section: BoardPlatformSchema,
  firmware: 'cross',
  tools: ['arm-none-eabi-gcc', 'make'],
  cycles: 'DWT CYCCNT on silicon: cycle-accurate (an emulated rig, board.emulated, says what it counts instead)',
  audioPaths: () => ['uart'],
  needs: (path) =>
    path === 'memory' ? 'a physical board has no harness region tinyhil can load clips into: the memory path is for emulators (qemu, renode)'
    : path === 'pdm' ? 'a physical board\'s microphone hears the room, not a clip: the pdm path needs Renode\'s microphone model'
    : '',
  buildVariables: (p) => Object.fromEntries(Object.entries(p.board?.build ?? {}).map(([k, v]) => [k, String(v)])),
  // One worker per board: the lab's boards of this platform (one with --board or without a lab).
  maxWorkers: (p) => (process.env[BOARD_ENV] ? 1 : Math.max(1, labBoardsFor(loadedLab(), p).length)),
  async check(p) {
    const wait = boardWaitMs();
    if (typeof wait === 'string') throw new Error(wait);
    const file = labFile();
    const lab = file ? await loadLab(file) : undefined;
    const want = process.env[BOARD_ENV];
    if (want === undefined) return;
    if (!lab) throw new Error(`--board ${want}: there is no lab file (--lab <file>, $${LAB_ENV}, or ./lab.yaml) to say where that board is`);
    const hit = lab.boards.find((b) => b.id === want);
    if (!hit) throw new Error(`--board ${want}: no such board in ${file}; it has ${lab.boards.map((b) => `${b.id} (${b.platform})`).join(', ') || 'none'}`);
    if (hit.platform !== p.name) throw new Error(`--board ${want} is a ${hit.platform} board, but the scenario runs on platform ${p.name}`);
  },
  options: [
    { flags: '--port <path>', description: 'the board\'s serial port, overriding the platform\'s board.port (default: $TINYHIL_PORT)', env: PORT_ENV },
    { flags: '--lab <file>', description: 'the boards attached to this host (default: $TINYHIL_LAB, else ./lab.yaml)', env: LAB_ENV },
    { flags: '--board <id>', description: 'run on this lab board (default: the first free one of the platform)', env: BOARD_ENV, value: 'text' },
    { flags: '--board-wait <duration>', description: 'wait this long for a free board, then exit 3 (default: 0, do not wait)', env: BOARD_WAIT_ENV, value: 'text' },
  ],
  unavailable: bindingMissing,
  create: (ctx) => createBoardTarget(ctx),
};

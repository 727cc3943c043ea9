/** The `board` target kind: a physical board over a serial port, flashed and reset by the platform's `board:` section. */
import { createRequire } from 'node:module';
import type { TargetKind } from '../kind.js';
import { createBoardTarget, PORT_ENV } from './board.js';
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
  maxWorkers: () => 1,
  options: [{ flags: '--port <path>', description: 'the board\'s serial port, overriding the platform\'s board.port (default: $TINYHIL_PORT)', env: PORT_ENV }],
  unavailable: bindingMissing,
  create: (ctx) => createBoardTarget(ctx),
};

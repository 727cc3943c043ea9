/**
 * The `board:` section of a platform file: what is refused before anything is
 * built (located, exit 2), and the shipped boards' sections load.
 */
import t from 'tap';
import path from 'node:path';
import { loadPlatform } from '../../../src/config/load.js';
import { ROOT } from '../../helpers/cli.js';
import { PLATFORM_P1, configError, project } from '../../config/fixtures/helpers.js';

const board = (body: string) => `${PLATFORM_P1}board:\n${body}`;
const BASE = '  name: a board\n  port: { path: /dev/ttyACM0 }\n';

const cases: [string, string, string][] = [
  [board(`${BASE}  flash: { command: [openocd, "program {elff} verify"] }\n`), '10:31', 'unknown placeholder {elff}; allowed: {elf}, {hex}, {bin}, {port}, {serial}, {probe}'],
  [board(`${BASE}  flash: { command: [openocd, "{probe}"] }\n`), '8:3', 'a command uses {probe}, so board.probe (the debug probe\'s id) must be set'],
  [board(`  name: a board\n  port: {}\n  flash: { command: [x] }\n`), '9:9', 'must say how to find the port: path, serial_number, vid/pid or manufacturer'],
  [board(`  name: a board\n  port: { vid: "483" }\n  flash: { command: [x] }\n`), '9:16', 'must be 4 hex digits, like "0483"'],
  [board(`${BASE}  flash: { command: [x] }\n  reset: { method: command }\n`), '11:10', 'reset method command needs a command (an argv)'],
  [board(`${BASE}  flash: { command: [x] }\n  reset: { method: none, pulse: 10ms }\n`), '11:33', 'pulse is only used with method dtr or rts'],
  [board(`${BASE}  flash: { command: "openocd -f x.cfg" }\n`), '10:21', 'board.flash.command must be a list; got "openocd -f x.cfg"'],
];

for (const [text, at, detail] of cases) {
  t.test(`refused at ${at}: ${detail}`, async (t) => {
    const dir = project(t, { 'platforms/p1.yaml': text });
    const pfile = path.join(dir, 'platforms/p1.yaml');
    const e = await configError(loadPlatform(pfile));
    t.match(e.message, `${pfile}:${at}: `);
    t.match(e.message, detail);
  });
}

t.test('the shipped boards load, each saying which board it is', async (t) => {
  for (const name of ['stm32f4-discovery', 'stm32f746', 'nrf52840', 'nrf52840-dk']) {
    const p = await loadPlatform(path.join(ROOT, 'platforms', `${name}.yaml`));
    t.ok(p.board?.name, `${name}: ${p.board?.name}`);
    t.ok(p.board?.flash.command.some((a) => a.includes('{elf}') || a.includes('{hex}')), `${name}: the flash command names the image`);
  }
  const nano = await loadPlatform(path.join(ROOT, 'platforms', 'nrf52840.yaml'));
  t.match(nano.board?.build, { FLASH_ORIGIN: '0x10000' }, 'behind the Arduino bootloader');
  const dk = await loadPlatform(path.join(ROOT, 'platforms', 'nrf52840-dk.yaml'));
  t.match(dk.board?.build, { DEFINES: /HIL_UART_TX_PORT=0u HIL_UART_TX_PIN=6u/ }, 'the DK\'s VCOM pins');
});

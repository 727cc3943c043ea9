import t from 'tap';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPlatforms, loadPlatform, loadScenario } from '../../src/config/load.js';
import { BASE, PLATFORM_P1, configError, project } from './fixtures/helpers.js';

const REPO_PLATFORMS = fileURLToPath(new URL('../../platforms', import.meta.url));

t.test('every shipped platform loads', async (t) => {
  const names = await listPlatforms(REPO_PLATFORMS);
  t.ok(names.includes('mps2-an386') && names.includes('netduinoplus2'), names.join(', '));
  for (const name of names) {
    const p = await loadPlatform(path.join(REPO_PLATFORMS, `${name}.yaml`));
    t.equal(p.name, name);
    // Under -icount shift=0 an instruction takes 1 ns and SysTick ticks at clock_hz.
    if (p.qemu?.icount_shift === 0) {
      const ratio = p.qemu.instructions_per_tick / (1e9 / p.clock_hz);
      t.ok(Math.abs(ratio - 1) < 1e-12, `${name}: instructions_per_tick = 1e9 / clock_hz`);
    }
  }
});

t.test('the shipped platforms say what they should', async (t) => {
  t.same(await loadPlatform(path.join(REPO_PLATFORMS, 'mps2-an386.yaml')), {
    name: 'mps2-an386',
    description: 'Arm MPS2 AN386 (Cortex-M4F, 25 MHz) under QEMU, declared as a mid-range MCU: 1 MiB flash and 256 KiB RAM (the board\'s 4 MiB SSRAMs are not all used, so that fitting in memory means something).',
    cpu: 'cortex-m4',
    fpu: true,
    clock_hz: 25_000_000,
    memory: { flash: { start: 0, size: 1 << 20 }, ram: { start: 0x20000000, size: 256 << 10 } },
    qemu: { machine: 'mps2-an386', serial: 0, icount_shift: 0, instructions_per_tick: 40, harness_region: { start: 0x21000000, size: 16 << 20 } },
  });
  const n = await loadPlatform(path.join(REPO_PLATFORMS, 'netduinoplus2.yaml'));
  t.same([n.cpu, n.fpu, n.clock_hz, n.memory], ['cortex-m4', true, 168_000_000, { flash: { start: 0x08000000, size: 1 << 20 }, ram: { start: 0x20000000, size: 128 << 10 } }]);
  t.same(n.qemu, { machine: 'netduinoplus2', serial: 0, icount_shift: 0, instructions_per_tick: 5.952380952380952 });
});

t.test('the platform comes from the nearest platforms/ folder, then platformDirs', async (t) => {
  const dir = project(t, {
    'scenarios/platforms/p1.yaml': `${PLATFORM_P1}description: nearer\n`,
    'scenarios/s.yaml': BASE,
    'scenarios/other.yaml': BASE.replace('platform: p1', 'platform: extra'),
    'more/extra.yaml': PLATFORM_P1.replace('name: p1', 'name: extra'),
    'more/p1.yaml': `${PLATFORM_P1}description: from platformDirs\n`,
  });
  const opts = { platformDirs: [path.join(dir, 'more')] };
  const near = await loadScenario(path.join(dir, 'scenarios/s.yaml'), opts);
  t.equal(near.platform.description, 'nearer');
  t.equal(near.platformFile, path.join(dir, 'scenarios/platforms/p1.yaml'));
  const extra = await loadScenario(path.join(dir, 'scenarios/other.yaml'), opts);
  t.equal(extra.platformFile, path.join(dir, 'more/extra.yaml'));
  t.equal(extra.platform.name, 'extra');
});

t.test('relative scenario paths give relative platform paths', async (t) => {
  const dir = project(t, { 'scenarios/s.yaml': BASE });
  const rel = path.relative(process.cwd(), path.join(dir, 'scenarios/s.yaml'));
  const r = await loadScenario(rel);
  t.equal(r.file, rel);
  t.equal(r.platformFile, path.relative(process.cwd(), path.join(dir, 'platforms/p1.yaml')));
  t.equal(r.dir, path.join(dir, 'scenarios'), 'dir is absolute');
});

t.test('an unknown platform is located at its name, with the choices', async (t) => {
  const dir = project(t, {
    'platforms/p2.yaml': PLATFORM_P1.replace('name: p1', 'name: p2'),
    's.yaml': BASE.replace('platform: p1', 'platform: p3'),
    'more/zz.yaml': PLATFORM_P1.replace('name: p1', 'name: zz'),
  });
  const file = path.join(dir, 's.yaml');
  let e = await configError(loadScenario(file));
  t.equal(e.message, `${file}:2:11: platform "p3" is not defined in ${path.join(dir, 'platforms')}; did you mean "p1"? available: p1, p2`);
  t.same(e.path, ['platform']);
  e = await configError(loadScenario(file, { platformDirs: [path.join(dir, 'more'), path.join(dir, 'nope')] }));
  t.equal(
    e.message,
    `${file}:2:11: platform "p3" is not defined in ${path.join(dir, 'platforms')}, ${path.join(dir, 'more')}, ${path.join(dir, 'nope')}; did you mean "p1"? available: p1, p2, zz`,
  );
});

t.test('platform file errors are located in the platform file', async (t) => {
  const cases: [string, string, string][] = [
    [PLATFORM_P1.replace('name: p1', 'name: p2'), '1:7', 'name must match the file name "p1"; got "p2"'],
    [PLATFORM_P1.replace('cortex-m4', 'cortex_m4'), '2:6', 'cpu must be one of "cortex-m0", "cortex-m0plus", "cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33", "cortex-m55"; got "cortex_m4"; did you mean "cortex-m4"?'],
    [PLATFORM_P1.replace('clock_hz: 25000000', 'clock_hz: 25MHz'), '3:11', 'clock_hz must be a number; got "25MHz"'],
    [PLATFORM_P1.replace('clock_hz: 25000000', 'clock_hz: 0'), '3:11', 'clock_hz must be a positive number; got 0'],
    [PLATFORM_P1.replace('{ start: 0x20000000, size: 256KiB }', '{ start: 0xF0000000, size: 512MiB }'), '6:35', 'memory.ram.size must end within the 32-bit address space (start + size <= 0x100000000); got "512MiB"'],
    [PLATFORM_P1.replace('start: 0,', 'start: -1,'), '5:19', 'memory.flash.start must be at least 0; got -1'],
    [PLATFORM_P1.replace('memory:', 'memroy:'), '4:1', 'unknown key "memroy"; did you mean "memory"? allowed: $schema, name, description, cpu, fpu, clock_hz, memory, firmware, qemu, renode, board'],
    [`${PLATFORM_P1}qemu: { machine: x }\n`, '7:7', 'qemu is missing required key "instructions_per_tick" (instructions per SysTick tick under icount)'],
    [`${PLATFORM_P1}qemu: { machine: x, instructions_per_tick: 40, icount-shift: 1 }\n`, '7:48', 'unknown key "icount-shift" in qemu; did you mean "icount_shift"? allowed: machine, serial, icount_shift, instructions_per_tick, extra_args, harness_region'],
  ];
  for (const [text, at, detail] of cases) {
    const dir = project(t, { 'platforms/p1.yaml': text, 's.yaml': BASE });
    const pfile = path.join(dir, 'platforms/p1.yaml');
    t.equal((await configError(loadScenario(path.join(dir, 's.yaml')))).message, `${pfile}:${at}: ${detail}`);
    t.equal((await configError(loadPlatform(pfile))).message, `${pfile}:${at}: ${detail}`, 'loadPlatform too');
  }
  const e = await configError(loadPlatform(path.join(REPO_PLATFORMS, 'nope.yaml')));
  t.equal(e.detail, 'cannot read: ENOENT: no such file or directory');
  const empty = path.join(project(t, { 'platforms/e.yaml': '' }), 'platforms/e.yaml');
  t.equal((await configError(loadPlatform(empty))).message, `${empty}:1:1: is empty; a platform file is a mapping with at least the keys name, cpu, clock_hz, memory`);
});

t.test('a Renode monitor command with a double quote is refused at its line, before anything runs', async (t) => {
  // Each command is rerun from the reset macro, one quoted monitor string: a quote would end it early.
  const text = `${PLATFORM_P1}renode:\n  repl: { builtin: x.repl }\n  uart: sysbus.uart0\n  commands:\n    - sysbus.nvic Frequency 25000000\n    - logFile "/tmp/renode.log"\n`;
  const dir = project(t, { 'platforms/p1.yaml': text, 's.yaml': BASE });
  const pfile = path.join(dir, 'platforms/p1.yaml');
  const detail = 'renode.commands[1] must be one monitor command (one line) without double quotes (it is rerun from the reset macro, a quoted monitor string); got "logFile \\"/tmp/renode.log\\""';
  t.equal((await configError(loadScenario(path.join(dir, 's.yaml')))).message, `${pfile}:12:7: ${detail}`);
  t.equal((await configError(loadPlatform(pfile))).message, `${pfile}:12:7: ${detail}`, 'loadPlatform too');
  // The same commands without the quote load.
  const ok = project(t, { 'platforms/p1.yaml': text.replace('"/tmp/renode.log"', '/tmp/renode.log') });
  t.same((await loadPlatform(path.join(ok, 'platforms/p1.yaml'))).renode?.commands, ['sysbus.nvic Frequency 25000000', 'logFile /tmp/renode.log']);
});

t.test('listPlatforms', async (t) => {
  const dir = project(t, {
    'platforms/b.yaml': '', 'platforms/a.yaml': '', 'platforms/c.yml': '', 'platforms/.hidden.yaml': '', 'platforms/notes.txt': '',
    'platforms/sub.yaml/x': '',
  });
  t.same(await listPlatforms(path.join(dir, 'platforms')), ['a', 'b', 'p1'], 'sorted .yaml files only');
  t.same(await listPlatforms(path.join(dir, 'missing')), []);
});

t.test('a folder given twice (relative and absolute) is searched and listed once', async (t) => {
  const dir = project(t, { 's.yaml': BASE.replace('platform: p1', 'platform: p3') });
  const rel = path.relative(process.cwd(), path.join(dir, 's.yaml'));
  const e = await configError(loadScenario(rel, { platformDirs: [path.join(dir, 'platforms')] }));
  t.equal(e.message, `${rel}:2:11: platform "p3" is not defined in ${path.relative(process.cwd(), path.join(dir, 'platforms'))}; did you mean "p1"? available: p1`);
});

t.test('a harness region overlapping the declared memory is refused', async (t) => {
  const dir = project(t, { 'platforms/p1.yaml': `${PLATFORM_P1}qemu: { machine: m, instructions_per_tick: 1, harness_region: { start: 0x20000100, size: 1KiB } }\n` });
  const e = await configError(loadPlatform(path.join(dir, 'platforms', 'p1.yaml')));
  t.match(e.message, /qemu\.harness_region\.start must not overlap memory\.ram: clips placed there would count as the firmware's memory/);
});

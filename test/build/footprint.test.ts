import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { footprint } from '../../src/build/footprint.js';
import { readElf, SHF_ALLOC } from '../../src/build/elf.js';
import { buildTiny, readelfSections, sizeA, TINY_ELF, TINY_MEM, toolchainMissing } from './fixtures/toolchain.js';

const tiny = readFileSync(TINY_ELF);

/**
 * The linker's "Used Size" of a region is the span from its origin to the end of
 * its last section, so it includes alignment padding between sections, which
 * belongs to no section. Returns that padding for the sections of one region.
 */
function padding(sections: { addr: number; size: number }[], origin: number): number {
  let end = origin;
  let pad = 0;
  for (const s of [...sections].sort((a, b) => a.addr - b.addr)) {
    pad += s.addr - end;
    end = s.addr + s.size;
  }
  return pad;
}

t.test('committed fixture: every allocated section counted by region', async (t) => {
  const fp = await footprint(TINY_ELF, TINY_MEM);
  t.same(fp.sections, [
    { name: '.isr_vector', size: 8, addr: 0x0, region: 'flash' },
    { name: '.text', size: 160, addr: 0x8, region: 'flash' },
    { name: '.rodata', size: 256, addr: 0xa8, region: 'flash' },
    { name: '.data', size: 36, addr: 0x20000000, region: 'both' },
    { name: '.ramfunc', size: 16, addr: 0x20000024, region: 'both' },
    { name: '.bss', size: 300, addr: 0x20000034, region: 'ram' },
    { name: '.heap', size: 512, addr: 0x20000160, region: 'ram' },
    { name: '.stack', size: 1024, addr: 0x20000360, region: 'ram' },
    { name: '.extram', size: 128, addr: 0x60000000, region: 'other' },
  ]);
  // The linker's --print-memory-usage said FLASH 476 B, RAM 1888 B (= 352 static + 512 heap + 1024 stack).
  t.equal(fp.flash, 8 + 160 + 256 + 36 + 16);
  t.equal(fp.flash, 476);
  t.equal(fp.ramStatic, 36 + 16 + 300, '.heap and .stack are reservations, not static use');
  t.equal(fp.stackReserved, 1024);
  t.same(await footprint(tiny, TINY_MEM), fp, 'same from a buffer');
});

t.test('NOBITS segments whose physical address lies in flash take no flash', async (t) => {
  // tiny.elf's .heap/.stack PT_LOADs have p_paddr 0x1dc (in flash) and p_filesz 0.
  const elf = await readElf(TINY_ELF);
  t.ok(elf.segments.some((p) => p.type === 1 && p.filesz === 0 && p.paddr < TINY_MEM.flash.size), 'the fixture has such a segment');
  t.equal((await footprint(tiny, TINY_MEM)).flash, 476);
});

t.test('overflowing a declared region is an error', async (t) => {
  const mem = (flash: number, ram: number, ramStart = 0x20000000) => ({ flash: { start: 0, size: flash }, ram: { start: ramStart, size: ram } });
  await t.rejects(footprint(tiny, mem(16384, 1024), 'fw.elf'), {
    name: 'ElfError',
    message:
      'fw.elf: section .stack (run address 0x20000360..0x20000760, 1024 bytes) does not fit the RAM region ' +
      '0x20000000..0x20000400 (1.0 KiB): it overflows it by 864 bytes',
  });
  // .data loads at 0x1a8..0x1cc: only the load address can overflow a flash this small.
  await t.rejects(footprint(tiny, mem(0x1c0, 8192), 'fw.elf'), {
    message:
      'fw.elf: section .data (load address 0x000001a8..0x000001cc, 36 bytes) does not fit the flash region ' +
      '0x00000000..0x000001c0 (0.4 KiB): it overflows it by 12 bytes',
  });
  await t.rejects(footprint(tiny, mem(16384, 8192, 0x20000010), 'fw.elf'), {
    message: /^fw\.elf: section \.data \(run address 0x20000000\.\.0x20000024, 36 bytes\) does not fit the RAM region 0x20000010\.\.0x20002010 \(8\.0 KiB\): it starts 16 bytes before it$/,
  });
  // Exactly full regions are fine: flash ends at the last loaded byte, RAM at the top of .stack.
  const exact = await footprint(tiny, mem(476, 0x760));
  t.equal(exact.flash, 476);
  t.equal(exact.ramStatic, 352);
});

t.test('a memory map that does not describe the firmware is an error, not flash 0', async (t) => {
  await t.rejects(footprint(tiny, { flash: { start: 0x08000000, size: 65536 }, ram: TINY_MEM.ram }, 'fw.elf'), {
    message: /^fw\.elf: no section loads into the flash region 0x08000000\.\.0x08010000; was the firmware linked for another memory map\? \(sections at \.isr_vector 0x00000000, /,
  });
});

t.test('not an ELF', async (t) => {
  await t.rejects(footprint(Buffer.from('MZ....'), TINY_MEM, 'fw.exe'), { message: 'fw.exe: not an ELF file (no \\x7fELF magic)' });
});

t.test('agrees with the linker, size -A and objdump on a freshly built ELF', { skip: toolchainMissing() }, async (t) => {
  const { elf, used } = buildTiny(t.testdir({}));
  t.ok(used.FLASH && used.RAM && used.EXTRAM, `the linker printed its memory usage: ${JSON.stringify(used)}`);
  const fp = await footprint(elf, TINY_MEM);
  const size = (name: string) => fp.sections.find((s) => s.name === name)?.size ?? 0;
  t.equal(fp.flash, used.FLASH, 'flash = the linker\'s FLASH region usage');
  const ram = fp.sections.filter((s) => s.region === 'ram' || s.region === 'both');
  t.equal(fp.ramStatic + size('.heap') + size('.stack') + padding(ram, TINY_MEM.ram.start), used.RAM, 'static + reservations (+ padding) = the linker\'s RAM usage');
  t.equal(fp.stackReserved, size('.stack'));
  t.equal(
    fp.sections.filter((s) => s.region === 'other').reduce((a, s) => a + s.size, 0),
    used.EXTRAM,
    'other = the external RAM region',
  );

  // size -A lists every section; the allocated ones (per readelf -S) are exactly ours, same sizes and addresses.
  const alloc = new Set(readelfSections(elf).filter((s) => s.alloc && s.size > 0).map((s) => s.name));
  t.same(fp.sections.map(({ name, size, addr }) => ({ name, size, addr })), sizeA(elf).filter((s) => alloc.has(s.name)));

  // objdump -h gives each section's LMA: flash = loaded sections whose LMA is in flash.
  const objdump = execFileSync('arm-none-eabi-objdump', ['-h', '-w', elf], { encoding: 'utf8' });
  let flash = 0;
  for (const m of objdump.matchAll(/^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+\S+\s+(.*)$/gm)) {
    const [size, lma, flags] = [parseInt(m[2]!, 16), parseInt(m[4]!, 16), m[5]!];
    if (flags.includes('ALLOC') && flags.includes('LOAD') && lma + size <= TINY_MEM.flash.size) flash += size;
  }
  t.equal(fp.flash, flash, 'flash = Σ loaded sections by LMA (objdump -h)');
  const elfFile = await readElf(elf);
  t.equal(fp.sections.length, elfFile.sections.filter((s) => (s.flags & SHF_ALLOC) !== 0 && s.size > 0).length);
});

t.test('an -O0 build with debug info: still matches the linker', { skip: toolchainMissing() }, async (t) => {
  const { elf, used } = buildTiny(t.testdir({}), ['-O0', '-g']);
  const fp = await footprint(elf, TINY_MEM);
  t.equal(fp.flash, used.FLASH);
  const ram = fp.sections.filter((s) => s.region === 'ram' || s.region === 'both');
  const heap = fp.sections.find((s) => s.name === '.heap')!.size; // 512 + ALIGN(8) padding inside the section
  t.equal(fp.ramStatic + fp.stackReserved + heap + padding(ram, TINY_MEM.ram.start), used.RAM);
  t.notOk(fp.sections.some((s) => s.name.startsWith('.debug')), 'debug sections are not allocated');
});

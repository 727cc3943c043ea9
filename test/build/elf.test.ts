import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ElfError, EM_ARM, parseElf, readElf, SHF_ALLOC, SHT_NOBITS, SHT_SYMTAB } from '../../src/build/elf.js';
import { buildTiny, readelfSections, readelfSegments, readelfSymbols, TINY_ELF, toolchainMissing } from './fixtures/toolchain.js';

const tiny = readFileSync(TINY_ELF);

t.test('committed fixture: header, sections, segments, symbols', async (t) => {
  const elf = await readElf(TINY_ELF);
  t.equal(elf.file, TINY_ELF);
  t.match(elf.header, { type: 2, machine: EM_ARM, entry: 0x9, phnum: 5, shnum: 14 });
  t.same(
    elf.sections.map((s) => s.name),
    ['', '.isr_vector', '.text', '.rodata', '.data', '.ramfunc', '.bss', '.heap', '.stack', '.extram', '.ARM.attributes', '.symtab', '.strtab', '.shstrtab'],
  );
  t.match(elf.section('.data'), { index: 4, addr: 0x20000000, size: 0x24, offset: 0x280, flags: SHF_ALLOC | 1 });
  t.match(elf.section('.stack'), { type: SHT_NOBITS, addr: 0x20000360, size: 0x400 });
  t.match(elf.section('.symtab'), { type: SHT_SYMTAB, link: 12, entsize: 16 });
  t.equal(elf.section('.nope'), undefined);
  // readelf -l: the .data segment runs in RAM and loads from flash right after .rodata.
  t.same(elf.segments[1], { type: 1, offset: 0x280, vaddr: 0x20000000, paddr: 0x1a8, filesz: 0x34, memsz: 0x160, flags: 7, align: 4 });
  t.same(elf.symbol('table'), { name: 'table', value: 0xa8, size: 256, type: 1, bind: 1, shndx: 3 });
  t.match(elf.symbol('main'), { type: 2, bind: 1, shndx: 2 });
  t.match(elf.symbol('_estack'), { value: 0x20000760, size: 0 });
  t.equal(elf.symbol('no_such_symbol'), undefined);
});

t.test('section data is read from the right offset', async (t) => {
  const elf = parseElf(tiny, 'tiny.elf');
  const rodata = elf.sectionData(elf.section('.rodata')!);
  const words = new Uint32Array(rodata.buffer.slice(rodata.byteOffset, rodata.byteOffset + rodata.byteLength));
  t.same([...words], Array.from({ length: 64 }, (_, i) => i + 1), 'const table[] = {1..64}');
  const data = elf.sectionData(elf.section('.data')!);
  t.equal(Buffer.from(data).readUInt32LE(0), 0x12345678, 'counter');
  t.equal(elf.sectionData(elf.section('.bss')!).length, 0, 'NOBITS has no file bytes');
});

t.test('clear errors for files that are not ELF32 little-endian', async (t) => {
  const err = (data: Uint8Array) => {
    try {
      parseElf(data, 'fw.bin');
    } catch (e) {
      t.type(e, ElfError);
      return (e as Error).message;
    }
    return 'no error';
  };
  t.equal(err(Buffer.from('#!/bin/sh\necho hello\n')), 'fw.bin: not an ELF file (no \\x7fELF magic)');
  t.equal(err(new Uint8Array(0)), 'fw.bin: not an ELF file (no \\x7fELF magic)');
  t.equal(err(tiny.subarray(0, 40)), 'fw.bin: truncated ELF: 40 bytes, the header alone needs 52');
  t.equal(err(tiny.subarray(0, 0x400)), 'fw.bin: truncated ELF: section header 0 extend to byte 1684 but the file has 1024 bytes');
  const shoff = tiny.readUInt32LE(32);
  t.equal(
    err(tiny.subarray(0, shoff + 100)),
    `fw.bin: truncated ELF: section headers extend to byte ${shoff + 14 * 40} but the file has ${shoff + 100} bytes`,
  );
  const elf64 = Buffer.from(tiny);
  elf64[4] = 2;
  t.equal(err(elf64), 'fw.bin: 64-bit ELF, expected a 32-bit (ELF32) file such as a Cortex-M firmware');
  const be = Buffer.from(tiny);
  be[5] = 2;
  t.equal(err(be), 'fw.bin: big-endian ELF, only little-endian is supported');
  const badName = Buffer.from(tiny);
  badName.writeUInt32LE(0xffff, shoff + 40); // section 1's name offset, past .shstrtab
  t.equal(err(badName), 'fw.bin: section name offset 65535 is outside its string table (110 bytes)');
});

t.test('readElf names the file in errors', async (t) => {
  const dir = t.testdir({ 'notes.txt': 'not an elf' });
  await t.rejects(readElf(join(dir, 'notes.txt')), { name: 'ElfError', message: `${join(dir, 'notes.txt')}: not an ELF file (no \\x7fELF magic)` });
});

t.test('agrees with readelf on a freshly built ELF', { skip: toolchainMissing() }, async (t) => {
  const { elf: path } = buildTiny(t.testdir({}), ['-g']);
  const elf = await readElf(path);
  const want = readelfSections(path);
  t.ok(want.length > 10, 'readelf listed the sections (with -g, debug sections too)');
  t.same(
    elf.sections.slice(1).map((s) => ({ index: s.index, name: s.name, addr: s.addr, offset: s.offset, size: s.size, alloc: (s.flags & SHF_ALLOC) !== 0, link: s.link })),
    want.filter((s) => s.index > 0).map(({ type: _type, ...s }) => s),
  );
  t.same(
    elf.segments.map((p) => ({ type: p.type === 1 ? 'LOAD' : String(p.type), offset: p.offset, vaddr: p.vaddr, paddr: p.paddr, filesz: p.filesz, memsz: p.memsz })),
    readelfSegments(path),
  );
  const syms = readelfSymbols(path);
  t.ok(syms.size >= 10);
  for (const [name, s] of syms) t.match(elf.symbol(name), { value: s.value, size: s.size, bind: 1 }, name);
});

t.test('a rebuilt fixture parses identically to the committed one', { skip: toolchainMissing() }, async (t) => {
  const dir = t.testdir({});
  const { elf } = buildTiny(dir, ['-Wl,-z,max-page-size=4']);
  writeFileSync(join(dir, 'copy'), readFileSync(elf));
  const a = parseElf(tiny);
  const b = await readElf(join(dir, 'copy'));
  t.same(b.sections.map((s) => [s.name, s.addr, s.size]), a.sections.map((s) => [s.name, s.addr, s.size]), 'tiny.elf is up to date with tiny.c and tiny.ld');
});

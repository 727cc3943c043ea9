/**
 * A small reader for 32-bit little-endian ELF files (what Cortex-M toolchains
 * produce): header, section headers with names, program headers and symbol
 * lookup. No dependency, because the footprint must work on prebuilt ELFs on
 * hosts without binutils.
 */
import { readFile } from 'node:fs/promises';

export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const PT_LOAD = 1;
export const EM_ARM = 40;

const EHDR_SIZE = 52;
const SHDR_SIZE = 40;
const PHDR_SIZE = 32;
const SYM_SIZE = 16;
const SHN_XINDEX = 0xffff;

/** A malformed, truncated or unsupported ELF file. The message starts with the file name. */
export class ElfError extends Error {
  override name = 'ElfError';
}

/** The ELF file header fields tinyhil uses. */
export interface ElfHeader {
  /** `e_type`: 2 executable, 1 relocatable, 3 shared object. */
  type: number;
  /** `e_machine`: 40 is ARM. */
  machine: number;
  entry: number;
  flags: number;
  phoff: number;
  shoff: number;
  phnum: number;
  shnum: number;
  shstrndx: number;
}

/** One section header, with its name resolved from the section name table. */
export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  /** Run address (VMA). */
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

/** One program header (segment). For PT_LOAD, `paddr` is the load address (LMA). */
export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

/** One symbol table entry. */
export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  /** `STT_*`: 0 none, 1 object, 2 function, 3 section, 4 file. */
  type: number;
  /** `STB_*`: 0 local, 1 global, 2 weak. */
  bind: number;
  /** Index of the section the symbol is defined in (0: undefined, 0xfff1: absolute). */
  shndx: number;
}

/** A parsed ELF32 little-endian file. */
export class Elf {
  readonly header: ElfHeader;
  readonly sections: ElfSection[];
  readonly segments: ElfSegment[];
  private symbols?: Map<string, ElfSymbol>;

  constructor(readonly data: Uint8Array, readonly file: string) {
    if (data.length < 4 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46)
      throw new ElfError(`${file}: not an ELF file (no \\x7fELF magic)`);
    if (data.length < EHDR_SIZE) throw new ElfError(`${file}: truncated ELF: ${data.length} bytes, the header alone needs ${EHDR_SIZE}`);
    if (data[4] === 2) throw new ElfError(`${file}: 64-bit ELF, expected a 32-bit (ELF32) file such as a Cortex-M firmware`);
    if (data[4] !== 1) throw new ElfError(`${file}: not an ELF file (unknown class ${data[4]})`);
    if (data[5] === 2) throw new ElfError(`${file}: big-endian ELF, only little-endian is supported`);
    if (data[5] !== 1) throw new ElfError(`${file}: not an ELF file (unknown byte order ${data[5]})`);
    const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const u16 = (o: number) => v.getUint16(o, true);
    const u32 = (o: number) => v.getUint32(o, true);
    this.header = {
      type: u16(16), machine: u16(18), entry: u32(24), phoff: u32(28), shoff: u32(32), flags: u32(36),
      phnum: u16(44), shnum: u16(48), shstrndx: u16(50),
    };
    const h = this.header;
    if (h.shoff !== 0 && u16(46) !== SHDR_SIZE) throw new ElfError(`${file}: bad section header size ${u16(46)} (ELF32 uses ${SHDR_SIZE})`);
    if (h.phoff !== 0 && h.phnum !== 0 && u16(42) !== PHDR_SIZE) throw new ElfError(`${file}: bad program header size ${u16(42)} (ELF32 uses ${PHDR_SIZE})`);

    // Extended numbering: with 0xff00 or more sections the real counts live in section 0.
    let shnum = h.shnum;
    let shstrndx = h.shstrndx;
    if (h.shoff !== 0) {
      this.need(h.shoff, SHDR_SIZE, 'section header 0');
      if (shnum === 0) shnum = u32(h.shoff + 20);
      if (shstrndx === SHN_XINDEX) shstrndx = u32(h.shoff + 24);
    }
    this.need(h.shoff, shnum * SHDR_SIZE, 'section headers');
    this.need(h.phoff, h.phnum * PHDR_SIZE, 'program headers');

    this.segments = [];
    for (let i = 0; i < h.phnum; i++) {
      const o = h.phoff + i * PHDR_SIZE;
      this.segments.push({
        type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), paddr: u32(o + 12),
        filesz: u32(o + 16), memsz: u32(o + 20), flags: u32(o + 24), align: u32(o + 28),
      });
    }
    const raw: Omit<ElfSection, 'name'>[] = [];
    for (let i = 0; i < shnum; i++) {
      const o = h.shoff + i * SHDR_SIZE;
      raw.push({
        index: i, type: u32(o + 4), flags: u32(o + 8), addr: u32(o + 12), offset: u32(o + 16), size: u32(o + 20),
        link: u32(o + 24), info: u32(o + 28), addralign: u32(o + 32), entsize: u32(o + 36),
      });
    }
    const nameOffsets = Array.from({ length: shnum }, (_, i) => u32(h.shoff + i * SHDR_SIZE));
    const strtab = shnum > 0 && shstrndx < shnum ? raw[shstrndx] : undefined;
    this.sections = raw.map((s, i) => ({ ...s, name: strtab ? this.str(strtab, nameOffsets[i]!, 'section name') : '' }));
  }

  /** The first section with this name. */
  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** The bytes of a section in the file (empty for NOBITS sections such as .bss). */
  sectionData(s: ElfSection): Uint8Array {
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    this.need(s.offset, s.size, `section ${s.name || s.index}`);
    return this.data.subarray(s.offset, s.offset + s.size);
  }

  /**
   * A symbol by name from `.symtab` (or `.dynsym` when stripped). A defined
   * global wins over a local or undefined symbol of the same name.
   */
  symbol(name: string): ElfSymbol | undefined {
    this.symbols ??= this.readSymbols();
    return this.symbols.get(name);
  }

  private readSymbols(): Map<string, ElfSymbol> {
    const map = new Map<string, ElfSymbol>();
    const tab = this.sections.find((s) => s.type === SHT_SYMTAB) ?? this.sections.find((s) => s.type === SHT_DYNSYM);
    if (!tab) return map;
    const strs = this.sections[tab.link];
    if (!strs || strs.type !== SHT_STRTAB) throw new ElfError(`${this.file}: symbol table ${tab.name} links to section ${tab.link}, which is not a string table`);
    const bytes = this.sectionData(tab);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let o = 0; o + SYM_SIZE <= bytes.length; o += SYM_SIZE) {
      const info = v.getUint8(o + 12);
      const sym: ElfSymbol = {
        name: this.str(strs, v.getUint32(o, true), 'symbol name'), value: v.getUint32(o + 4, true),
        size: v.getUint32(o + 8, true), type: info & 0xf, bind: info >> 4, shndx: v.getUint16(o + 14, true),
      };
      if (!sym.name) continue;
      const prev = map.get(sym.name);
      if (!prev || rank(sym) > rank(prev)) map.set(sym.name, sym);
    }
    return map;
  }

  /** A NUL-terminated string at `off` inside string table `tab`. */
  private str(tab: Omit<ElfSection, 'name'>, off: number, what: string): string {
    if (off >= tab.size) throw new ElfError(`${this.file}: ${what} offset ${off} is outside its string table (${tab.size} bytes)`);
    this.need(tab.offset, tab.size, 'string table');
    const start = tab.offset + off;
    let end = start;
    const limit = tab.offset + tab.size;
    while (end < limit && this.data[end] !== 0) end++;
    return Buffer.from(this.data.subarray(start, end)).toString('utf8');
  }

  private need(offset: number, length: number, what: string): void {
    if (offset + length > this.data.length)
      throw new ElfError(`${this.file}: truncated ELF: ${what} extend to byte ${offset + length} but the file has ${this.data.length} bytes`);
  }
}

/** Defined global > defined weak > defined local > undefined. */
function rank(s: ElfSymbol): number {
  if (s.shndx === 0) return 0;
  return s.bind === 1 ? 3 : s.bind === 2 ? 2 : 1;
}

/** Parses an ELF32 little-endian image; `file` names it in error messages. */
export function parseElf(data: Uint8Array, file = '<buffer>'): Elf {
  return new Elf(data, file);
}

/** Reads and parses an ELF file. */
export async function readElf(path: string): Promise<Elf> {
  return new Elf(await readFile(path), path);
}

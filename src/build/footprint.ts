/**
 * Flash and static RAM of a firmware, counted by the platform's memory regions
 * rather than by section names, so a section the linker script adds
 * (`.ramfunc`, `.ARM.exidx`, `.noinit`...) is never missed.
 */
import type { Footprint } from '../core/types.js';
import { type Elf, type ElfSection, ElfError, parseElf, readElf, PT_LOAD, SHF_ALLOC, SHT_NOBITS } from './elf.js';

/** One memory region of the platform: `memory.flash` / `memory.ram` in the platform file. */
export interface MemoryRegion {
  start: number;
  /** Bytes. */
  size: number;
}

/** The platform's memory map (the shape of `Platform['memory']`). */
export interface MemoryMap {
  flash: MemoryRegion;
  ram: MemoryRegion;
}

/** Sections that only reserve RAM; the device measures what is really used (stack painting, heap). */
const RESERVATIONS = new Set(['.stack', '.heap']);

/**
 * Measures an ELF file (path) or image (bytes) against the platform's memory
 * regions. Throws an {@link ElfError} when the file is not an ELF32 LE file or
 * when a section overflows a region.
 */
export async function footprint(elf: string | Uint8Array, mem: MemoryMap, file = '<buffer>'): Promise<Footprint> {
  return footprintOf(typeof elf === 'string' ? await readElf(elf) : parseElf(elf, file), mem);
}

/**
 * Every SHF_ALLOC section of non-zero size is placed by its run address (VMA,
 * decides RAM) and its load address (LMA, decides flash). `.data` runs in RAM
 * and is loaded from flash, so it counts in both. NOBITS sections (.bss,
 * .stack) occupy no flash. Sections outside both regions are `other`.
 */
export function footprintOf(elf: Elf, mem: MemoryMap): Footprint {
  if (elf.sections.length === 0) throw new ElfError(`${elf.file}: no section headers (stripped?), cannot measure the footprint`);
  const out: Footprint = { flash: 0, ramStatic: 0, sections: [], stackReserved: 0 };
  let ramTotal = 0;
  for (const s of elf.sections) {
    if ((s.flags & SHF_ALLOC) === 0 || s.size === 0) continue;
    const loaded = s.type !== SHT_NOBITS;
    const lma = loaded ? loadAddress(elf, s) : s.addr;
    const inFlash = loaded && within(elf, s, 'load', lma, mem.flash, 'flash');
    const inRam = within(elf, s, 'run', s.addr, mem.ram, 'RAM');
    if (inFlash) out.flash += s.size;
    if (inRam) {
      ramTotal += s.size;
      if (!RESERVATIONS.has(s.name)) out.ramStatic += s.size;
    }
    if (s.name === '.stack') out.stackReserved += s.size;
    const region = inFlash && inRam ? 'both' : inFlash ? 'flash' : inRam ? 'ram' : 'other';
    out.sections.push({ name: s.name, size: s.size, addr: s.addr, region });
  }
  // Each section fits; the totals can only exceed a region if sections overlap, which a linker never emits.
  if (out.flash > mem.flash.size)
    throw new ElfError(`${elf.file}: ${out.flash} bytes in the flash region exceed its ${mem.flash.size} bytes (overlapping sections?)`);
  if (ramTotal > mem.ram.size)
    throw new ElfError(`${elf.file}: ${ramTotal} bytes in the RAM region exceed its ${mem.ram.size} bytes (overlapping sections?)`);
  // Loaded sections but none in flash: the platform's memory map does not describe this firmware,
  // and a flash figure of 0 would pass any budget.
  if (out.flash === 0 && out.sections.some((s) => s.region === 'other'))
    throw new ElfError(
      `${elf.file}: no section loads into the flash region ${hex(mem.flash.start)}..${hex(mem.flash.start + mem.flash.size)}; ` +
        `was the firmware linked for another memory map? (sections at ${out.sections.map((s) => `${s.name} ${hex(s.addr)}`).join(', ')})`,
    );
  return out;
}

/**
 * The load address of a loaded section: the PT_LOAD segment that contains it
 * maps its run address to a physical (load) address. Without such a segment
 * (e.g. an object file) the section loads where it runs.
 */
function loadAddress(elf: Elf, s: ElfSection): number {
  const seg = elf.segments.find(
    (p) => p.type === PT_LOAD && s.addr >= p.vaddr && s.addr + s.size <= p.vaddr + p.filesz && p.filesz > 0,
  );
  return seg ? seg.paddr + (s.addr - seg.vaddr) : s.addr;
}

/** True when [addr, addr+size) lies inside the region; throws when it straddles the region's edge. */
function within(elf: Elf, s: ElfSection, what: 'load' | 'run', addr: number, r: MemoryRegion, regionName: string): boolean {
  const end = addr + s.size;
  const rEnd = r.start + r.size;
  if (addr >= r.start && end <= rEnd) return true;
  if (end <= r.start || addr >= rEnd) return false;
  const by = addr < r.start ? `starts ${r.start - addr} bytes before it` : `overflows it by ${end - rEnd} bytes`;
  throw new ElfError(
    `${elf.file}: section ${s.name} (${what} address ${hex(addr)}..${hex(end)}, ${s.size} bytes) does not fit the ${regionName} region ` +
      `${hex(r.start)}..${hex(rEnd)} (${kib(r.size)}): it ${by}`,
  );
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

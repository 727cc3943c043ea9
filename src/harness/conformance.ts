/**
 * Reads the device's conformance probe (HELLO tag 0x0f, docs/protocol.md
 * section 7) against the probe sets this tinyhil knows, and names every
 * failed check with what it means for the figures and whether it is a known
 * emulator bug (known-bugs.ts). Pure: the emulator's identity comes from the
 * target.
 */
import type { Conformance, ConformanceCheck, ProbeResult } from '../core/types.js';
import { affectedText, knownBug } from './known-bugs.js';

/** One check of a probe set: its bit is its index. */
export interface ProbeCheck {
  id: string;
  /** The instruction, as the message names it (`SADD16`). */
  insn: string;
  /** What is compared, in words. */
  what: string;
  /** What a wrong result means: "mis-executes SADD16's GE flags". */
  wrong: string;
}

const ge = (insn: string): ProbeCheck => ({ id: `${insn.toLowerCase()}_ge`, insn, what: `APSR.GE after ${insn}`, wrong: `mis-executes ${insn}'s GE flags` });

/** Probe set 1 (firmware/lib/hil/src/probe.c), in bit order. */
export const PROBE_SET_1: readonly ProbeCheck[] = [
  ge('SADD16'), ge('SSUB16'), ge('SADD8'), ge('SSUB8'), ge('USUB16'), ge('USUB8'), ge('SASX'), ge('SSAX'), ge('UASX'), ge('USAX'),
  { id: 'mrs_apsr_ge', insn: 'MRS', what: 'APSR.GE as MRS APSR reads it', wrong: 'reads APSR.GE wrongly through MRS APSR' },
  { id: 'msr_apsr_g', insn: 'MSR', what: 'APSR.GE after MSR APSR_g', wrong: 'mis-executes MSR APSR_g (GE not written)' },
  { id: 'q_flag', insn: 'QADD', what: 'APSR.Q after a saturating QADD', wrong: 'does not set APSR.Q on saturation' },
  { id: 'sdiv_zero', insn: 'SDIV', what: 'SDIV by zero gives 0', wrong: 'mis-executes SDIV by zero' },
  { id: 'ssat16', insn: 'SSAT16', what: 'SSAT16 #1 per half-word', wrong: 'mis-executes SSAT16' },
];

export const PROBE_SETS: Readonly<Record<number, readonly ProbeCheck[]>> = { 1: PROBE_SET_1 };

/** The sentence a failed check gets in the console, report.json and JUnit. */
function failure(c: ProbeCheck, emulator: Conformance['emulator']): Pick<ConformanceCheck, 'message' | 'known'> {
  const title = emulator?.title ?? emulator?.name ?? '';
  const who = emulator ? `${title}${emulator.version ? ` ${emulator.version}` : ''}` : 'this target';
  const bug = knownBug(c.id, emulator);
  const tail = "; figures that depend on it are not the silicon's";
  if (!bug) {
    return { message: `${who} ${c.wrong} (${c.what} differs from the Arm architecture; not a known bug of this emulator: report it, or on silicon suspect the core)${tail}` };
  }
  const affected = affectedText(bug, title);
  const fix = bug.fixedIn ? `; fixed in ${title} ${bug.fixedIn}` : '; not fixed upstream yet';
  return { message: `${who} ${c.wrong} (known in ${affected}${fix})${tail}`, known: { emulator: bug.emulator, affected, upstream: bug.upstream } };
}

/** The checks that failed, in probe order; none when there is no probe (or it was not read). */
export function failedChecks(c: Conformance | undefined): ConformanceCheck[] {
  return c?.checks.filter((x) => x.status === 'failed') ?? [];
}

/** What the probe says, for the report: every check by name, each failure explained. */
export function evaluateProbe(probe: ProbeResult | undefined, emulator: Conformance['emulator'], mode: Conformance['mode']): Conformance {
  const base = { mode, ...(emulator ? { emulator } : {}) };
  if (!probe) return { status: 'not-run', ...base, checks: [] };
  const set = PROBE_SETS[probe.set];
  if (!set) return { status: 'unknown', ...base, probeSet: probe.set, checks: [] };
  const checks = set.map((c, bit): ConformanceCheck => {
    const mask = 2 ** bit;
    if (!(probe.ran & mask)) return { id: c.id, what: c.what, status: 'skipped' };
    if (!(probe.failed & mask)) return { id: c.id, what: c.what, status: 'passed' };
    return { id: c.id, what: c.what, status: 'failed', ...failure(c, emulator) };
  });
  return { status: checks.some((c) => c.status === 'failed') ? 'failed' : 'passed', ...base, probeSet: probe.set, checks };
}

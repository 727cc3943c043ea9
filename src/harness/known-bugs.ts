/**
 * Emulator bugs the conformance probe catches by name: which check, which
 * emulator and versions, and where it stands upstream. The one table of them;
 * conformance.ts reads it. Found by the instruction test of 60 DSP, saturating
 * and divide operations run on Renode 1.15.3 and 1.16.1 (13 and 7 mismatches;
 * QEMU 7.2: none) and by reading tlib's source (`arch/arm/op_addsub.h`,
 * `helper.c`); see docs/protocol.md section 7.
 */

/** One known bug: a probe check that fails on these versions of an emulator. */
export interface KnownBug {
  /** The probe check's id (conformance.ts PROBE_CHECKS). */
  check: string;
  emulator: 'renode' | 'qemu';
  /** First affected version; undefined: every version before `fixedIn`. */
  since?: string;
  /** First version with the fix; undefined: not fixed (as of `seenIn`). */
  fixedIn?: string;
  /** The newest version it was seen failing on, when not fixed. */
  seenIn?: string;
  /** What is wrong, and upstream's state. */
  upstream: string;
}

const GE_SIGN = "tlib sets GE from signed overflow instead of the result's sign; fixed by tlib 79469136 ('Set GE flag if result is greater than 0'), shipped in Renode 1.16.0";
const ASX_SWAP = "tlib writes the top half-word's GE to GE[1:0] and the bottom one's to GE[3:2] (op_addsub.h addsubx/subaddx); open upstream";
const USUB = 'tlib computes the unsigned GE as a borrow (1.15) and, since 1.16, compares the half-words as signed int16 (op_addsub.h PFX_U); open upstream';

export const KNOWN_BUGS: readonly KnownBug[] = [
  { check: 'sadd16_ge', emulator: 'renode', fixedIn: '1.16.0', upstream: GE_SIGN },
  { check: 'ssub16_ge', emulator: 'renode', fixedIn: '1.16.0', upstream: GE_SIGN },
  { check: 'sadd8_ge', emulator: 'renode', fixedIn: '1.16.0', upstream: GE_SIGN },
  { check: 'ssub8_ge', emulator: 'renode', fixedIn: '1.16.0', upstream: GE_SIGN },
  { check: 'usub8_ge', emulator: 'renode', fixedIn: '1.16.0', upstream: 'tlib computes the unsigned GE as a borrow instead of no borrow; fixed by tlib 79469136, shipped in Renode 1.16.0' },
  { check: 'usub16_ge', emulator: 'renode', seenIn: '1.16.1', upstream: USUB },
  { check: 'sasx_ge', emulator: 'renode', seenIn: '1.16.1', upstream: ASX_SWAP },
  { check: 'ssax_ge', emulator: 'renode', seenIn: '1.16.1', upstream: ASX_SWAP },
  { check: 'uasx_ge', emulator: 'renode', seenIn: '1.16.1', upstream: ASX_SWAP },
  { check: 'usax_ge', emulator: 'renode', seenIn: '1.16.1', upstream: ASX_SWAP },
  { check: 'mrs_apsr_ge', emulator: 'renode', seenIn: '1.16.1', upstream: 'tlib helper.c: MRS APSR returns xPSR & 0xf8000000, so GE always reads 0; open upstream' },
  { check: 'msr_apsr_g', emulator: 'renode', seenIn: '1.16.1', upstream: 'tlib helper.c: MSR APSR ignores its mask, so APSR_g does not write GE (and overwrites NZCVQ); open upstream' },
];

/** `1.15.3` → [1, 15, 3]; anything not numeric sorts as 0. */
function parts(v: string): number[] {
  return v.split(/[.+-]/).slice(0, 3).map((x) => Number.parseInt(x, 10) || 0);
}

/** a < b, by major, minor, patch. */
export function versionBefore(a: string, b: string): boolean {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/** Which versions a bug affects, in words: `Renode before 1.16.0`, `Renode up to 1.16.1 at least`; `title`: the emulator as people write it. */
export function affectedText(b: KnownBug, title: string): string {
  const name = title;
  const from = b.since ? ` ${b.since} and later` : '';
  if (b.fixedIn) return `${name}${from || ''} before ${b.fixedIn}`;
  return `${name}${from} up to ${b.seenIn ?? 'the latest version tried'} at least`;
}

/**
 * The known bug that explains `check` failing on this emulator version, if any.
 * A failure on a version where the bug is fixed (or before it appeared) is not
 * explained: it is new, and conformance.ts says so.
 */
export function knownBug(check: string, emulator: { name: string; version?: string } | undefined): KnownBug | undefined {
  if (!emulator) return undefined;
  return KNOWN_BUGS.find((b) => {
    if (b.check !== check || b.emulator !== emulator.name) return false;
    if (!emulator.version) return true;
    if (b.since && versionBefore(emulator.version, b.since)) return false;
    return !(b.fixedIn && !versionBefore(emulator.version, b.fixedIn));
  });
}

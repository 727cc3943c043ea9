/**
 * Verifiers recompute a device result on the host and list every field that
 * differs, so a run proves each byte arrived and each figure is right.
 */
import type { CheckMismatch, Clip, CycleInfo } from '../core/types.js';
import type { DeviceResult } from '../protocol/messages.js';
import { selftestVerifier } from './selftest.js';

export interface VerifyContext {
  labels: string[];
  cycleInfo: CycleInfo;
}

export interface Verifier {
  readonly name: string;
  /** The app argument names, in CLIP_BEGIN order, when the verifier implies an app. */
  readonly argNames?: readonly string[];
  check(clip: Clip, result: DeviceResult, ctx: VerifyContext): CheckMismatch[];
}

const verifiers = new Map<string, Verifier>([[selftestVerifier.name, selftestVerifier]]);

export function getVerifier(name: string): Verifier {
  const v = verifiers.get(name);
  if (!v) throw new Error(`unknown verifier "${name}" (known: ${[...verifiers.keys()].join(', ')})`);
  return v;
}

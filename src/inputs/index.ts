/** Inputs: from `inputs:` entries to clip references, clips, and subsets of them. */
export type { ClipRef, YamlPath } from './ref.js';
export { resolveInputs, type ResolveOptions } from './resolve.js';
export { loadClip, decodeWav, encodeWav, writeWav } from './wav.js';
export { readManifest, type ManifestRow } from './manifest.js';
export { selectClips, type SelectOptions } from './select.js';
export { failedClipIds } from './failed.js';
export { selftestClips, writeSelftestClips, SELFTEST_LABELS, SELFTEST_RATE, SELFTEST_LENGTH, type SelftestClip } from './selftest-clips.js';

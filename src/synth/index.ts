/**
 * Synthetic keyword-spotting speech (`hil synth`, `inputs: [{synth: ...}]`).
 * See docs/synth.md.
 */
export { resolveSpec, synthesize, writeCorpus, manifestCsv, describeSpec, SynthOptionError, SynthInterrupted, type SynthRequest, type SynthOptions, type SynthResult, type SynthClip, type SynthProgress } from './generate.js';
export { loadDataset, DEFAULT_DATASET, SILENCE, UNKNOWN, type Dataset, type DatasetDef } from './dataset.js';
export { planClips, planClip, clipSeed, clipCount, type ClipPlan, type SynthSpec, type NoiseKind } from './plan.js';
export { compose, speechSpan, quantise, snrDb, RATE, CLIP_SAMPLES, type Composed } from './audio.js';
export { makeNoise, rmsOf, NOISE_KINDS } from './noise.js';
export { defaultCacheDir, cacheKey, PIPELINE_VERSION } from './cache.js';
export { readHashes, writeHashes, formatHashes, checkHashes, hashProblem, type HashTable, type HashCheck } from './hashes.js';
export { SynthToolError, SynthEngineError, requireTools, fingerprint, type ToolName } from './engines.js';
export { selectVoices, catalogueVoiceIds, ESPEAK_VARIANTS, ESPEAK_ACCENTS, RECORDED_VOICES, SPLITS, type Voice, type Split, type EngineName } from './voices.js';
export { parseRange, formatRange, type Range } from './range.js';
export { SynthProgressDisplay } from './progress.js';

/**
 * Regenerate scenarios/clips/selftest/ from src/inputs/selftest-clips.ts.
 *
 *   node --import=@tapjs/typescript/import scripts/gen-selftest-clips.ts
 *
 * (the TypeScript loader tap already uses). test/inputs/selftest-clips.test.ts fails
 * if the committed files and the generator ever differ.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSelftestClips } from '../src/inputs/selftest-clips.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = await writeSelftestClips(path.join(root, 'scenarios', 'clips', 'selftest'));
for (const f of files) console.log(path.relative(root, f));

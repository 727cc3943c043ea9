/** The run folders global-setup.ts made, for the specs. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Runs {
  /** A failing KWS run with confused clips and the markup-named clip. */
  kws: string;
  /** int8 and f32 in one matrix run. */
  matrix: string;
  /** Three clips, embedded in the page. */
  embed: string;
  /** The firmware did not build: no figures. */
  broken: string;
  /** The KWS run with the matrix's f32 cell as its baseline. */
  baseline: string;
}

export const RUNS_FILE = join(resolve(import.meta.dirname, '..', '..'), 'reports', 'playwright', 'runs.json');

export function runs(): Runs {
  return JSON.parse(readFileSync(RUNS_FILE, 'utf8')) as Runs;
}

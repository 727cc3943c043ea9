/**
 * Real runs for the browser tests, made once: keyword clips spoken by espeak-ng
 * (`hil synth`) plus one whose file name is markup, through the KWS firmware on
 * QEMU. One scenario fails a budget and has confused clips; a matrix scenario puts
 * int8 and f32 side by side; one run embeds its clips. The folders' paths go to the
 * specs through RUNS_FILE.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { noChromium } from './chromium.js';
import { RUNS_FILE, type Runs } from './runs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const XSS_NAME = '<img src=x onerror=alert(1)>.wav';

const scenario = (extra = '') => `name: browser-kws
platform: mps2-an386
firmware: { app: kws, variables: { VARIANT: int8 } }
labels: [_silence_, _unknown_, "yes", "no", up, down, left, right, "on", "off", stop, go]
inputs: [{ folder: clips }]
budgets:
  accuracy: { min: 100% }
  flash: { max: 57KiB }
target: { kind: qemu, workers: 2 }
${extra}`;

function hil(args: string[], cwd: string): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), ...args], { cwd, stdio: 'pipe', env: { ...process.env, CI: '1' } });
  } catch (e) {
    const x = e as { status?: number; stdout?: Buffer; stderr?: Buffer };
    // A failing budget (exit 1) is what these runs are for; anything else is a broken setup.
    if (x.status !== 1) throw new Error(`hil ${args.join(' ')} exited ${x.status}: ${x.stderr?.toString()}${x.stdout?.toString()}`);
  }
}

export default async function globalSetup(): Promise<void> {
  const why = noChromium();
  if (why) {
    // The specs skip; say why once, with the install command.
    console.warn(`browser tests skipped: ${why}`);
    return;
  }
  const dir = join(ROOT, 'reports', 'playwright', 'runs');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  hil(['synth', '--split', 'test', '--words', 'yes,no,up,stop,_unknown_', '--per-word', '3', '--out', join(dir, 'clips')], dir);
  // A clip whose name is markup: it must render as text and run no script.
  const yes = join(dir, 'clips', 'yes');
  copyFileSync(join(yes, readdirSync(yes).find((f) => f.endsWith('.wav'))!), join(yes, XSS_NAME));
  writeFileSync(join(dir, 'kws.yaml'), scenario());
  writeFileSync(join(dir, 'quant.yaml'), scenario('matrix: { variants: { int8: { variables: { VARIANT: int8 } }, f32: { variables: { VARIANT: f32 } } } }\n').replace('flash: { max: 57KiB }', 'flash: { max: 132KiB }'));
  // A firmware that does not build: a page with no figures at all must still say what happened.
  writeFileSync(join(dir, 'broken.yaml'), scenario().replace('VARIANT: int8', 'VARIANT: int8, CFLAGS_EXTRA: "-include /nonexistent/header.h"'));
  const runs: Runs = { kws: join(dir, 'kws'), matrix: join(dir, 'quant'), embed: join(dir, 'embed'), broken: join(dir, 'broken'), baseline: join(dir, 'baseline') };
  hil(['run', 'kws.yaml', '--out', runs.kws], dir);
  hil(['run', 'quant.yaml', '--out', runs.matrix], dir);
  hil(['run', 'kws.yaml', '--limit', '3', '--report-audio', 'embed', '--out', runs.embed], dir);
  hil(['run', 'broken.yaml', '--out', runs.broken], dir);
  // int8 judged against the f32 cell of the matrix run: deltas, changed clips, the confusion change.
  hil(['run', 'kws.yaml', '--baseline', join(runs.matrix, 'browser-kws-f32'), '--out', runs.baseline], dir);
  writeFileSync(RUNS_FILE, JSON.stringify(runs));
}

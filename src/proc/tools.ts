/**
 * The external tools tinyhil uses: where they are, their versions, and the
 * exact command that installs each (for `hil doctor` and for error advice).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';

export interface ToolSpec {
  /** The name users see (`qemu-system-arm`). */
  name: string;
  /** Executable names to look for on PATH, in order. */
  bins: string[];
  /** Environment variable that overrides the path. */
  env?: string;
  versionArgs: string[];
  /** Extracts the version from the tool's output. */
  versionRe: RegExp;
  /** Command that installs it on Debian/Ubuntu. */
  install: string;
  /** What needs it. */
  usedFor: string;
  required: boolean;
  /**
   * A data package (a festival voice) rather than a program: found when one of these
   * paths exists; its version is the Debian package's (`name` is the package).
   */
  files?: string[];
}

/** A festival voice: a data package, found by its folder under /usr/share/festival/voices. */
function festivalVoice(pkg: string, dir: string): ToolSpec {
  const voice = dir.slice(dir.indexOf('/') + 1);
  return { name: pkg, bins: [], versionArgs: [], versionRe: /(.+)/, files: [`/usr/share/festival/voices/${dir}`], install: `sudo apt-get install -y ${pkg}`, usedFor: `the festival voice ${voice}`, required: false };
}

export const TOOLS: ToolSpec[] = [
  { name: 'arm-none-eabi-gcc', bins: ['arm-none-eabi-gcc'], env: 'ARM_GCC', versionArgs: ['--version'], versionRe: /(\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y gcc-arm-none-eabi libnewlib-arm-none-eabi', usedFor: 'building firmware', required: true },
  { name: 'make', bins: ['make'], versionArgs: ['--version'], versionRe: /Make (\d+\.\d+(?:\.\d+)?)/, install: 'sudo apt-get install -y make', usedFor: 'building firmware', required: true },
  { name: 'gcc', bins: ['gcc', 'cc'], versionArgs: ['--version'], versionRe: /(\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y gcc', usedFor: 'host builds (reference, protocol tests)', required: false },
  { name: 'qemu-system-arm', bins: ['qemu-system-arm'], env: 'QEMU', versionArgs: ['--version'], versionRe: /version (\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y qemu-system-arm', usedFor: 'the qemu target', required: false },
  { name: 'renode', bins: ['renode'], env: 'RENODE', versionArgs: ['--version'], versionRe: /v?(\d+\.\d+\.\d+)/, install: 'download the portable Linux release from https://github.com/renode/renode/releases and put `renode` on PATH (or set RENODE)', usedFor: 'the renode target', required: false },
  { name: 'socat', bins: ['socat'], versionArgs: ['-V'], versionRe: /socat version (\d+\.\d+\.\d+(?:\.\d+)?)/, install: 'sudo apt-get install -y socat', usedFor: 'serial paths to emulated boards (pty)', required: false },
  { name: 'espeak-ng', bins: ['espeak-ng'], versionArgs: ['--version'], versionRe: /(\d+\.\d+(?:\.\d+)?)/, install: 'sudo apt-get install -y espeak-ng', usedFor: 'synthesized keyword audio', required: false },
  { name: 'flite', bins: ['flite'], versionArgs: ['--version'], versionRe: /(\d+\.\d+(?:\.\d+)?)/, install: 'sudo apt-get install -y flite', usedFor: 'synthesized keyword audio (voices kal, kal16, awb, rms, slt)', required: false },
  { name: 'festival', bins: ['festival'], versionArgs: ['--version'], versionRe: /(\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y festival', usedFor: 'synthesized keyword audio', required: false },
  festivalVoice('festvox-kallpc16k', 'english/kal_diphone'),
  festivalVoice('festvox-kdlpc16k', 'english/ked_diphone'),
  festivalVoice('festvox-us-slt-hts', 'us/cmu_us_slt_arctic_hts'),
  // Real Czech, Italian and Finnish speakers: extra recorded persons for training (docs/synth.md).
  festivalVoice('festvox-czech-dita', 'czech/czech_dita'),
  festivalVoice('festvox-czech-krb', 'czech/czech_krb'),
  festivalVoice('festvox-czech-machac', 'czech/czech_machac'),
  festivalVoice('festvox-czech-ph', 'czech/czech_ph'),
  festivalVoice('festvox-italp16k', 'italian/lp_diphone'),
  festivalVoice('festvox-itapc16k', 'italian/pc_diphone'),
  festivalVoice('festvox-suopuhe-lj', 'finnish/suo_fi_lj_diphone'),
  festivalVoice('festvox-suopuhe-mv', 'finnish/hy_fi_mv_diphone'),
  { name: 'sox', bins: ['sox'], versionArgs: ['--version'], versionRe: /v(\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y sox', usedFor: 'resampling and effects (pitch, tempo, band-limit, reverb) for synthesized audio', required: false },
  { name: 'chromium', bins: ['chromium', 'chromium-browser'], env: 'CHROMIUM', versionArgs: ['--version'], versionRe: /(\d+\.\d+\.\d+\.\d+)/, install: 'sudo apt-get install -y chromium', usedFor: 'testing the HTML report', required: false },
];

/** Finds an executable on PATH (or through the spec's env override). */
export function which(bins: string[], envVar?: string): string | undefined {
  const override = envVar ? process.env[envVar] : undefined;
  if (override) return isExecutable(override) ? override : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const b of bins) {
      const p = join(dir, b);
      if (isExecutable(p)) return p;
    }
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ToolStatus {
  spec: ToolSpec;
  path?: string;
  version?: string;
}

/**
 * Versions already asked for, by resolved path (and how they were asked): a
 * run asks at its start (the target's emulator version), per synth engine and
 * again for provenance, and each ask starts the tool (up to 2 s). The promise is
 * kept, so concurrent asks share one probe. Where a path leads is decided anew
 * on each call ($QEMU or PATH may change); only the version of a path is kept.
 */
const versions = new Map<string, Promise<string>>();

function memo(key: string, probe: () => Promise<string>): Promise<string> {
  let v = versions.get(key);
  if (!v) {
    v = probe();
    versions.set(key, v);
  }
  return v;
}

/** Locates one tool and asks it for its version (2 s cap: a broken tool must not hang doctor), once per path. */
export async function probeTool(spec: ToolSpec): Promise<ToolStatus> {
  if (spec.files) return probeData(spec);
  const path = which(spec.bins, spec.env);
  if (!path) return { spec };
  const version = await memo(`${path}\0${spec.versionArgs.join('\0')}\0${spec.versionRe.source}`, async () => {
    try {
      const r = await execa(path, spec.versionArgs, { reject: false, timeout: 2000, all: true, stdin: 'ignore' });
      return spec.versionRe.exec(r.all ?? '')?.[1] ?? 'unknown';
    } catch {
      return 'unknown';
    }
  });
  return { spec, path, version };
}

/** A data package: the first of its paths that exists, and the Debian package version. */
async function probeData(spec: ToolSpec): Promise<ToolStatus> {
  const path = spec.files!.find((f) => existsSync(f));
  if (!path) return { spec };
  const dpkg = which(['dpkg-query']);
  if (!dpkg) return { spec, path, version: 'unknown' };
  const version = await memo(`dpkg\0${spec.name}`, async () => {
    const r = await execa(dpkg, ['-W', '-f=${Version}', spec.name], { reject: false, timeout: 2000, stdin: 'ignore' });
    return r.exitCode === 0 && r.stdout ? r.stdout.trim() : 'unknown';
  });
  return { spec, path, version };
}

export function toolSpec(name: string): ToolSpec {
  const s = TOOLS.find((t) => t.name === name);
  if (!s) throw new Error(`unknown tool ${name}`);
  return s;
}

/** Versions of the tools a run used, for provenance. */
export async function toolVersions(names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const st of await Promise.all(names.map((n) => probeTool(toolSpec(n))))) out[st.spec.name] = st.version ?? 'missing';
  return out;
}

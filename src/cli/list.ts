/** `hil list`: platforms and scenarios, one line each. */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadPlatform, loadScenario } from '../config/index.js';
import { PACKAGE_ROOT } from '../build/make.js';
import { EXIT } from '../metrics/index.js';
import { kindsWithSection } from '../targets/registry.js';

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export async function list(dir: string, out: (s: string) => void): Promise<number> {
  let code: number = EXIT.PASS;
  const rel = (p: string) => relative(process.cwd(), p) || p;
  out('platforms:\n');
  const seen = new Set<string>();
  for (const base of [join(dir, 'platforms'), join(PACKAGE_ROOT, 'platforms')]) {
    for (const f of await yamlFiles(base)) {
      try {
        const p = await loadPlatform(f);
        if (seen.has(p.name)) continue;
        seen.add(p.name);
        const runs = kindsWithSection(p).join(', ') || 'no runner';
        out(`  ${p.name.padEnd(18)} ${p.cpu}, ${(p.clock_hz / 1e6).toFixed(0)} MHz, ${p.memory.ram.size / 1024} KiB RAM, ${p.memory.flash.size / 1024} KiB flash; runs on ${runs}${p.description ? ` — ${p.description.split('\n')[0]}` : ''}\n`);
      } catch (e) {
        out(`  ${rel(f)}: ${(e as Error).message}\n`);
        code = EXIT.BAD_INPUT;
      }
    }
  }
  out('scenarios:\n');
  for (const f of await yamlFiles(join(dir, 'scenarios'))) {
    try {
      const s = await loadScenario(f, { platformDirs: [join(PACKAGE_ROOT, 'platforms')] });
      const fw = s.scenario.firmware.app ?? s.scenario.firmware.path ?? s.scenario.firmware.elf;
      out(`  ${rel(f).padEnd(30)} ${s.scenario.name} on ${s.platform.name}, firmware ${fw}, ${Object.keys(s.scenario.budgets ?? {}).length} budget groups${s.scenario.description ? ` — ${s.scenario.description.split('\n')[0]}` : ''}\n`);
    } catch (e) {
      out(`  ${(e as Error).message}\n`);
      code = EXIT.BAD_INPUT;
    }
  }
  return code;
}

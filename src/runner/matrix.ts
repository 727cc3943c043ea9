/**
 * `matrix:` expansion: one scenario becomes one run per variant × platform ×
 * target, each with its own name, build variables, budgets, platform and
 * target kind. A (platform, target) pair whose platform lacks the kind's
 * section is kept as a skipped cell with the reason, so the side-by-side view
 * says why it is missing.
 */
import type { LoadedScenario } from '../config/index.js';
import type { Budgets, Platform } from '../config/schema.js';
import { SECTION_KINDS } from '../targets/registry.js';

/** Which cell of the matrix a run is. */
export interface MatrixCell {
  /** The scenario's own name (the matrix as a whole). */
  group: string;
  variant?: string;
  platform: string;
  /** The target kind, when the matrix names targets. */
  target?: string;
}

export interface Expanded {
  loaded: LoadedScenario;
  cell?: MatrixCell;
  /** Why this cell does not run (its platform has no section for its target). */
  skip?: string;
}

/** Why `platform` cannot run on target `kind` (a kind with a platform section the platform lacks), or undefined. */
function lacksSection(platform: Platform, kind: string): string | undefined {
  const k = SECTION_KINDS.find((x) => x.name === kind);
  return k && platform[k.name as keyof Platform] === undefined ? `platform ${platform.name} has no ${kind}: section` : undefined;
}

export async function expandMatrix(loaded: LoadedScenario): Promise<Expanded[]> {
  const m = loaded.scenario.matrix;
  if (!m) return [{ loaded }];
  const variants: { name: string; variables: Record<string, string | number | boolean>; budgets?: Budgets }[] = [];
  if (Array.isArray(m.variants)) for (const v of m.variants) variants.push({ name: v, variables: { VARIANT: v } });
  else if (m.variants) for (const [name, v] of Object.entries(m.variants)) variants.push({ name, variables: v.variables ?? {}, ...(v.budgets ? { budgets: v.budgets } : {}) });
  const platforms = m.platforms ?? [loaded.scenario.platform];
  const out: Expanded[] = [];
  for (const [pi, pname] of platforms.entries()) {
    const { platform, platformFile } = pname === loaded.scenario.platform ? loaded : await loaded.platformFor(pname, ['matrix', 'platforms', pi]);
    for (const v of variants.length ? variants : [undefined]) {
      for (const target of m.target ?? [undefined]) {
        const scenario = structuredClone(loaded.scenario);
        scenario.platform = pname;
        const parts = [loaded.scenario.name, ...(v ? [v.name] : []), ...(platforms.length > 1 ? [pname] : []), ...(target && m.target!.length > 1 ? [target] : [])];
        scenario.name = parts.join('-');
        if (v) {
          scenario.firmware.variables = { ...scenario.firmware.variables, ...v.variables };
          if (v.budgets) scenario.budgets = { ...scenario.budgets, ...v.budgets };
        }
        if (target) scenario.target = { ...scenario.target, kind: target as NonNullable<typeof scenario.target>['kind'] };
        const skip = target ? lacksSection(platform, target) : undefined;
        out.push({
          loaded: { ...loaded, scenario, platform, platformFile },
          cell: { group: loaded.scenario.name, ...(v ? { variant: v.name } : {}), platform: pname, ...(target ? { target } : {}) },
          ...(skip ? { skip } : {}),
        });
      }
    }
  }
  return out;
}

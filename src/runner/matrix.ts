/**
 * `matrix:` expansion: one scenario becomes one run per variant × platform,
 * each with its own name, build variables, budgets and platform.
 */
import type { LoadedScenario } from '../config/index.js';
import type { Budgets } from '../config/schema.js';

/** Which cell of the matrix a run is. */
export interface MatrixCell {
  /** The scenario's own name (the matrix as a whole). */
  group: string;
  variant?: string;
  platform: string;
}

export interface Expanded {
  loaded: LoadedScenario;
  cell?: MatrixCell;
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
      const scenario = structuredClone(loaded.scenario);
      scenario.platform = pname;
      const parts = [loaded.scenario.name, ...(v ? [v.name] : []), ...(platforms.length > 1 ? [pname] : [])];
      scenario.name = parts.join('-');
      if (v) {
        scenario.firmware.variables = { ...scenario.firmware.variables, ...v.variables };
        if (v.budgets) scenario.budgets = { ...scenario.budgets, ...v.budgets };
      }
      out.push({
        loaded: { ...loaded, scenario, platform, platformFile },
        cell: { group: loaded.scenario.name, ...(v ? { variant: v.name } : {}), platform: pname },
      });
    }
  }
  return out;
}

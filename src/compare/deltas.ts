/**
 * Two runs side by side: figure deltas (accuracy with both confidence intervals,
 * recall per class, p50/p95 latency, peak RAM, flash, stack), the clips whose outcome
 * changed, and the confusion matrix's change. What the runs do not share is said in
 * plain sentences, and a figure that cannot be compared keeps both values but no delta.
 */
import type { ClipChange, ComparedRun, Comparison, FigureDelta, RunReport } from '../core/types.js';
import { compareClips } from '../metrics/clip-compare.js';
import { NO_PREDICTION } from '../metrics/classification.js';

/** One side: a report, the schemaVersion it was written with, and where it was read. */
export interface RunSide {
  report: RunReport;
  schemaVersion: number;
  file?: string;
}

/** The schemaVersion this tinyhil writes and reads. */
export const SCHEMA_VERSION = 1;

function about(s: RunSide): ComparedRun {
  const r = s.report;
  return {
    ...(s.file !== undefined ? { file: s.file } : {}),
    scenario: r.scenario.name, platform: r.platform.name, target: r.target.kind, status: r.status, startedAt: r.startedAt,
    schemaVersion: s.schemaVersion, toolVersion: r.tool.version, sha256: r.firmware.sha256,
  };
}

const diff = (b: number | null, h: number | null) => (b === null || h === null ? null : h - b);

/** What the two runs' setups do not share, and (per figure group) why a figure is not compared. */
function mismatches(b: RunSide, h: RunSide) {
  const [br, hr] = [b.report, h.report];
  const notes: string[] = [];
  if (br.scenario.name !== hr.scenario.name)
    notes.push(`Different scenarios: base ${br.scenario.name}, head ${hr.scenario.name}. The figures are compared as they are; they may not measure the same thing.`);
  const samePlatform = br.platform.name === hr.platform.name;
  const sameTarget = br.target.kind === hr.target.kind;
  if (!samePlatform)
    notes.push(`Different platforms: base ${br.platform.name}, head ${hr.platform.name}. Latency and memory are not compared (other machines, other images); accuracy, recall and clips are.`);
  else if (!sameTarget)
    notes.push(`Different targets: base ${br.target.kind}, head ${hr.target.kind}. Latency is not compared (each target counts differently: instructions, virtual cycles, silicon cycles); accuracy, recall, memory and clips are.`);
  const schemas = b.schemaVersion === h.schemaVersion;
  if (!schemas)
    notes.push(`Different report schemas: base schemaVersion ${b.schemaVersion} (tinyhil ${br.tool.version}), head ${h.schemaVersion} (tinyhil ${hr.tool.version}). Aggregate figures are compared by name; clips and the confusion matrix are not.`);
  else if (b.schemaVersion !== SCHEMA_VERSION)
    notes.push(`Both reports have schemaVersion ${b.schemaVersion}; this tinyhil knows ${SCHEMA_VERSION}. Figures are read by name where present.`);
  const [bl, hl] = [br.labels.join(','), hr.labels.join(',')];
  if (bl !== hl) notes.push(`Different labels: base [${br.labels.join(', ')}], head [${hr.labels.join(', ')}]. Recall is compared for the labels both runs have.`);
  if (br.status === 'error' || br.status === 'timedout') notes.push(`The base run ended ${br.status === 'error' ? 'in an error' : 'by timing out'}${br.reason ? ` (${br.reason})` : ''}: its figures may be partial.`);
  const latencyWhy = !samePlatform ? 'different platforms' : !sameTarget ? 'different targets' : undefined;
  return { notes, latencyWhy, memoryWhy: samePlatform ? undefined : 'different platforms', schemas };
}

function figures(br: RunReport, hr: RunReport, latencyWhy: string | undefined, memoryWhy: string | undefined): FigureDelta[] {
  const [bm, hm] = [br.metrics, hr.metrics];
  const out: FigureDelta[] = [];
  const [ba, ha] = [bm.accuracy, hm.accuracy];
  if (ba || ha)
    out.push({
      name: 'accuracy', unit: 'fraction', base: ba?.value ?? null, head: ha?.value ?? null, delta: diff(ba?.value ?? null, ha?.value ?? null),
      ci95: { base: ba?.ci95 ?? null, head: ha?.ci95 ?? null },
      counts: { base: ba ? [ba.correct, ba.total] : null, head: ha ? [ha.correct, ha.total] : null },
    });
  const labels = [...new Set([...hr.labels, ...br.labels, ...Object.keys(hm.recall ?? {}), ...Object.keys(bm.recall ?? {})])];
  for (const l of labels) {
    const [b, h] = [bm.recall?.[l], hm.recall?.[l]];
    if (!b && !h) continue;
    out.push({
      name: `recall[${l}]`, unit: 'fraction', base: b?.value ?? null, head: h?.value ?? null, delta: diff(b?.value ?? null, h?.value ?? null),
      counts: { base: b ? [b.correct, b.total] : null, head: h ? [h.correct, h.total] : null },
    });
  }
  const [bl, hl] = [bm.latency, hm.latency];
  if (bl || hl) {
    const unitWhy = bl && hl && bl.unit !== hl.unit ? `different units (base ${bl.unit}, head ${hl.unit})` : undefined;
    const why = latencyWhy ?? unitWhy;
    for (const p of ['p50', 'p95'] as const) {
      const [b, h] = [bl?.[p] ?? null, hl?.[p] ?? null];
      out.push({ name: `latency.${p}`, unit: hl?.unit ?? bl!.unit, base: b, head: h, delta: why ? null : diff(b, h), ...(why ? { note: `not compared: ${why}` } : {}) });
    }
  }
  const sizes: [string, number | undefined, number | undefined][] = [
    ['ram.peak', bm.ram?.peak, hm.ram?.peak], ['flash', bm.flash?.value, hm.flash?.value], ['stack', bm.stack?.value, hm.stack?.value],
  ];
  for (const [name, b, h] of sizes) {
    if (b === undefined && h === undefined) continue;
    out.push({ name, unit: 'bytes', base: b ?? null, head: h ?? null, delta: memoryWhy ? null : diff(b ?? null, h ?? null), ...(memoryWhy ? { note: `not compared: ${memoryWhy}` } : {}) });
  }
  return out;
}

/** head − base per cell, over the union of both matrices' labels (head's order first). */
function confusionDiff(br: RunReport, hr: RunReport): Comparison['confusion'] {
  const [b, h] = [br.metrics.confusion, hr.metrics.confusion];
  if (!b || !h) return undefined;
  const labels = [...new Set([...h.labels, ...b.labels])];
  const cell = (m: { labels: string[]; matrix: number[][] }, row: string, col: string) => {
    const r = m.labels.indexOf(row);
    const c = col === NO_PREDICTION ? m.labels.length : m.labels.indexOf(col);
    return r < 0 || c < 0 ? 0 : (m.matrix[r]?.[c] ?? 0);
  };
  const cols = [...labels, NO_PREDICTION];
  return { labels, diff: labels.map((row) => cols.map((col) => cell(h, row, col) - cell(b, row, col))) };
}

/** Everything but the regression verdicts (thresholds.ts). */
export function compareRuns(base: RunSide, head: RunSide): Omit<Comparison, 'regressions'> {
  const [br, hr] = [base.report, head.report];
  const { notes, latencyWhy, memoryWhy, schemas } = mismatches(base, head);
  const out: Omit<Comparison, 'regressions'> = { base: about(base), head: about(head), notes, figures: figures(br, hr, latencyWhy, memoryWhy) };
  if (schemas) {
    const c = compareClips(br.clips, hr.clips, hr.labels);
    const common = c.same + c.differ.length;
    if (c.onlyA.length || c.onlyB.length)
      notes.push(
        common === 0
          ? `No clip in common (base ${br.clips.length}, head ${hr.clips.length}): nothing to compare clip by clip; accuracy and recall are each over their own run's clips.`
          : `Different clip sets: ${c.onlyA.length} clip${c.onlyA.length === 1 ? '' : 's'} only in base, ${c.onlyB.length} only in head, ${common} in both. Clip changes are over the ${common} common clips; accuracy and recall are each over their own run's clips.`,
      );
    const changed: ClipChange[] = c.differ.map((d) => ({ id: d.id, ...(d.label !== undefined ? { label: d.label } : {}), direction: d.direction, base: d.a, head: d.b }));
    out.clips = { common, same: c.same, changed, onlyBase: c.onlyA, onlyHead: c.onlyB };
    const confusion = confusionDiff(br, hr);
    if (confusion) out.confusion = confusion;
  }
  return out;
}

/**
 * What the HTML report's page script receives: the run's own figures plus the
 * text the server side already formatted (budget rows read exactly as in the
 * console and job summary, through core/format). The page script only lays it
 * out and charts it; it never fetches anything.
 */
import type { RunReport } from '../../core/types.js';
import type { MatrixRow } from '../matrix.js';
import { budgetPair, comparator, fmtQuantity, isProblem } from '../format.js';

/** One row of the budget table, formatted. */
export interface BudgetRow {
  name: string;
  status: string;
  measured: string;
  allowed: string;
  /** Headroom left (positive) or overrun (negative), in the budget's unit. */
  margin: string;
  /** True when the margin is negative or the budget could not be measured. */
  over: boolean;
  reason: string;
  source: string;
  /** `scenarios/kws.yaml:23:3`, when known. */
  at?: string;
}

/** One scenario's page. `report` is exactly report.json; `audio` maps clip ids to files inside the run folder. */
export interface ScenarioPage {
  page: 'scenario';
  report: RunReport;
  budgets: BudgetRow[];
  /** Clip id → `clips/…` (relative to the page) or a `data:audio/wav;base64,…` URI when embedded. */
  audio: Record<string, string>;
  /** Which clips have audio, in words ("failing and confused clips", "every clip", "none"). */
  audioNote: string;
}

/** A summary line of one scenario for the run-level page. */
export interface RunScenario {
  name: string;
  status: string;
  reason?: string;
  /** Link to its page, relative to the run folder. */
  href?: string;
  accuracy?: number;
  clips: number;
  clipsBad: number;
}

/** The run-level page: several scenarios, or the cells of a matrix side by side. */
export interface RunPage {
  page: 'run';
  title: string;
  startedAt: string;
  scenarios: RunScenario[];
  matrix: MatrixRow[];
}

/** The data the page script renders, embedded in index.html as JSON. */
export type PageData = ScenarioPage | RunPage;

/** Budget verdicts as table rows: measured, allowed and the margin, each in the budget's unit. */
export function budgetRows(r: RunReport): BudgetRow[] {
  return r.budgets.map((b) => {
    const [measured, allowed] = budgetPair(b);
    const margin = b.measured === null ? null : b.kind === 'max' ? b.budget - b.measured : b.measured - b.budget;
    const row: BudgetRow = {
      name: b.name, status: b.status, measured, allowed: `${comparator(b.kind, true)} ${allowed}`,
      margin: margin === null ? 'n/a' : `${margin > 0 ? '+' : ''}${fmtQuantity(margin, b.unit)}`,
      over: margin === null || margin < 0 || isProblem(b.status), reason: b.reason, source: b.source,
    };
    if (b.location) row.at = `${r.scenario.file}:${b.location.line}:${b.location.col}`;
    return row;
  });
}

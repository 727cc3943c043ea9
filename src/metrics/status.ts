/** The overall outcome of a run and the process exit code the CLI maps it to. */
import type { BudgetVerdict, ClipResult, InfraError, Status } from '../core/types.js';

/** Process exit codes. BAD_INPUT is for scenario/platform errors found before anything runs. */
export const EXIT = { PASS: 0, FAIL: 1, BAD_INPUT: 2, INFRA: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The run's status, the exit code for it, and why it did not pass. */
export interface RunOutcome {
  status: Extract<Status, 'passed' | 'failed' | 'error'>;
  exitCode: ExitCode;
  /** Set unless the run passed: the first infrastructure error, budget failure or clip failure. */
  reason?: string;
}

/** What {@link runStatus} decides from. */
export interface RunStatusInput {
  clips: ClipResult[];
  budgets: BudgetVerdict[];
  errors: InfraError[];
  /** Verdicts of the scenario's `regression:` thresholds against a baseline run (`hil run --baseline`). */
  regressions?: BudgetVerdict[];
}

const more = (n: number, what: string) => (n > 1 ? ` (and ${n - 1} more ${what})` : '');

/**
 * `error` (INFRA) if there is any infrastructure error: the figures cannot be
 * trusted then, whatever the budgets say. Otherwise `failed` (FAIL) if a budget
 * failed or could not be measured, if a regression threshold flagged the run
 * against its baseline, if a clip failed, timed out or errored, or if no clip
 * ran at all (an empty selection must not look like a pass). Otherwise `passed`
 * (PASS). A regression threshold that could not compare (`skipped`) fails nothing:
 * the baseline lacking a figure is not this run's fault.
 */
export function runStatus({ clips, budgets, errors, regressions = [] }: RunStatusInput): RunOutcome {
  const first = errors[0];
  if (first) return { status: 'error', exitCode: EXIT.INFRA, reason: `${first.kind}: ${first.message}${more(errors.length, 'infrastructure errors')}` };

  const reasons: string[] = [];
  const badBudgets = budgets.filter((b) => b.status === 'failed' || b.status === 'error');
  if (badBudgets[0]) reasons.push(badBudgets[0].reason + more(badBudgets.length, 'budget failures'));
  const flagged = regressions.filter((v) => v.status === 'failed');
  if (flagged[0]) reasons.push(flagged[0].reason + more(flagged.length, 'regressions'));

  const bad = clips.filter((c) => c.status === 'failed' || c.status === 'timedout' || c.status === 'error');
  if (bad[0]) {
    const n = (s: Status) => clips.filter((c) => c.status === s).length;
    const kinds = [`${n('failed')} failed`, `${n('timedout')} timed out`, `${n('error')} errored`].filter((k) => !k.startsWith('0 '));
    const why = bad[0].reason ? `: ${bad[0].reason}` : ` (${bad[0].status})`;
    reasons.push(`${bad.length} of ${clips.length} clips did not pass (${kinds.join(', ')}); first: ${bad[0].id}${why}`);
  }
  if (clips.every((c) => c.status === 'skipped'))
    reasons.push(clips.length === 0 ? 'no clip ran: there were no clips' : `no clip ran: all ${clips.length} were skipped`);

  if (reasons.length > 0) return { status: 'failed', exitCode: EXIT.FAIL, reason: reasons.join('; ') };
  return { status: 'passed', exitCode: EXIT.PASS };
}

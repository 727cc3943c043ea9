/**
 * Ctrl-C and SIGTERM for the commands that run things, handled in one place.
 * The first asks everything to stop: one AbortSignal reaches every child
 * process, Renode call, build and synthesis, and the run writes its report of
 * what finished (exit 130). The second kills every child at once, with no
 * grace period; the report is still written. The third quits without one.
 */
import { setMaxListeners } from 'node:events';
import { killAllNow } from '../proc/spawn.js';

export interface Interrupts {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the handlers (the command is done). */
  dispose(): void;
}

export function installInterrupts(write: (text: string) => void = (t) => void process.stderr.write(t)): Interrupts {
  const ac = new AbortController();
  // Every child, Renode call, build and synthesis listens here, several per worker: past Node's
  // default of 10 it would print a MaxListenersExceededWarning, though each listener is removed when done.
  setMaxListeners(0, ac.signal);
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      write(`\n${sig}: stopping; writing the report of what finished (again: kill every child at once)\n`);
      ac.abort('interrupted');
    } else if (count === 2) {
      write(`\n${sig} again: killing every child now; the report is still written (again: quit at once, without it)\n`);
      killAllNow(`${sig} twice`);
    } else {
      // process.exit runs spawn.ts's exit hook, which SIGKILLs what is left.
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

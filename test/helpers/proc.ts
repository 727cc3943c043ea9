/** Process checks shared by the tests. */
import { readFileSync } from 'node:fs';

/** Whether `pid` is running (a zombie, exited but not yet reaped, is not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

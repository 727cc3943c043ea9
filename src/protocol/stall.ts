/**
 * When a clip's device has stopped answering. Progress is anything heard from
 * the device, or a frame of ours acknowledged: a slow link is not a hang.
 *
 * Time is the device's where the target can count it (QEMU's executed
 * instructions at the platform's clock; Renode's virtual time, which also runs
 * while the CPU sleeps): a firmware hangs when it has run `ms` of its own time,
 * and the host `ms` of its own, without answering. The host's clock alone does
 * not decide, so a loaded host, a slow emulator or a SIGSTOPped one is never
 * blamed on the firmware. Only if the device neither answers nor runs for `backstopMs` of
 * wall-clock time (counted from the last answer and the clock's last movement, so a
 * slowed emulator is waited for) is the clip given up, as the emulator's failure
 * (`stalled`, an infrastructure error), with one exception: a clock that
 * stands still while asleep (QEMU's instructions) and still answers, but has
 * not moved, belongs to a firmware asleep for good (WFI with its interrupts
 * off), and that is the firmware's timeout. Without a device clock (the host
 * build, a real board), `ms` of wall-clock time is the limit.
 */
import { fmtDuration } from '../core/format.js';

/** Durations in messages: the one formatter (core/format.ts), under the name the protocol code uses. */
export const fmtMs = fmtDuration;

/** The device's own clock: a count that grows with the device's time, and how many make a second. */
export interface DeviceClock {
  /** The count so far (instructions executed, or virtual nanoseconds); may start again from 0 after a reset; undefined when unreadable. */
  read(): Promise<number | undefined>;
  /** Counts per second of device time (instructions at the platform clock: one per cycle; or 1e9 for nanoseconds). */
  rate: number;
  /** What the count is, for messages: `instructions`, `ns of virtual time`. */
  readonly unit: string;
  /**
   * Whether the count runs on while the CPU sleeps (WFI). Renode's virtual time does; QEMU's
   * executed instructions do not, so there a firmware asleep for good stands the clock still
   * just as a stopped emulator would, and only a clock that still answers tells the two apart.
   */
  readonly runsWhileAsleep: boolean;
  /**
   * The latest reading (kept by the clock): when a read does not answer, the device's time
   * stands still at this (a stopped QEMU answers no QMP). Undefined: the clock never answered,
   * and wall-clock time decides.
   */
  readonly last?: number;
}

/** How long a clip's device may go without progress, and by which clock (see the module's comment). */
export interface StallPolicy {
  /** The longest silence: device time where there is a device clock, else wall-clock time. */
  ms: number;
  device?: DeviceClock;
  /** Wall-clock time without an answer or device progress after which the emulator is given up; default 5 × ms. */
  backstopMs?: number;
}

export type StallVerdict = { kind: 'timeout' | 'stalled'; message: string };

/**
 * Watches one clip: `check` is called every `every` ms with the progress count
 * so far, and resolves a verdict once the device is to be given up.
 */
export class StallWatch {
  private last: number;
  private lastAt: number;
  private devAt: number | undefined;
  /** The device's count when the clip started (read as the watch is made); taken by the first check. */
  private devStart: Promise<number | undefined> | undefined;
  /** The latest count the clock answered, and the host's time it was first seen at: how long the device has stood still. */
  private still: { count: number; since: number } | undefined;
  private readonly backstop: number;
  /** How often to look: several times per limit, so a hang is called `ms` after the last progress. */
  readonly every: number;

  /**
   * `progress`: the count when the clip starts, so the first check already measures from there
   * (a first check taken as progress would call every hang one `every` late).
   * `now`: the host's clock (ms), Date.now unless a test steps it.
   */
  constructor(
    private readonly p: StallPolicy,
    progress: number,
    private readonly now: () => number = Date.now,
  ) {
    this.last = progress;
    this.lastAt = now();
    this.backstop = p.backstopMs ?? 5 * p.ms;
    this.every = Math.max(50, Math.min(1000, p.ms / 4));
    const clock = p.device;
    if (clock)
      this.devStart = readWithin(clock, this.every).then((n) => {
        // Asked as the clip started: the count is the device's at that time.
        if (n !== undefined) this.still = { count: n, since: this.lastAt };
        return n ?? clock.last;
      });
  }

  /** undefined: keep waiting. */
  async check(progress: number, pending: number): Promise<StallVerdict | undefined> {
    const clock = this.p.device;
    if (this.devStart) {
      this.devAt ??= await this.devStart;
      this.devStart = undefined;
    }
    // A clock that answered before and not now: the emulator is stuck (a stopped QEMU answers no QMP),
    // so its time stands still; one that never answered is not there, and wall-clock time decides.
    const fresh = clock ? await readWithin(clock, this.every) : undefined;
    const dev = fresh ?? clock?.last;
    if (fresh !== undefined && fresh !== this.still?.count) this.still = { count: fresh, since: this.now() };
    if (progress !== this.last) {
      this.last = progress;
      this.lastAt = this.now();
      this.devAt = dev;
      return undefined;
    }
    const silentMs = this.now() - this.lastAt;
    if (dev !== undefined && clock) {
      // A reset starts the count again: measure from there.
      if (this.devAt === undefined || dev < this.devAt) this.devAt = dev;
      const ran = dev - this.devAt;
      const devMs = (ran / clock.rate) * 1000;
      // Both clocks must have run `ms`: the host's too, because Renode, told to advance immediately,
      // races a sleeping CPU's virtual time ahead of the host's (recorded live: 2.4 s per second)
      // while the host may still be delivering the bytes the firmware sleeps waiting for.
      if (devMs >= this.p.ms && silentMs >= this.p.ms)
        return { kind: 'timeout', message: `no answer from the device for ${fmtMs(this.p.ms)} of its own time (${ran} ${clock.unit}; ${pending} frames unacknowledged)` };
      if (silentMs < this.backstop) return undefined;
      // Answering now, yet unmoved since (within a limit of) the device's last word: not a stopped
      // emulator (that answers nothing) but a CPU asleep, on a clock that does not run while it
      // sleeps. The limit's grace: a firmware may run a little after its last word before it sleeps.
      const still = this.still;
      if (!clock.runsWhileAsleep && fresh !== undefined && still && still.since <= this.lastAt + this.p.ms && still.since < this.now())
        return {
          kind: 'timeout',
          message: `no answer from the device for ${fmtMs(silentMs)}, and its clock answers but has not moved for ${fmtMs(this.now() - still.since)} (${ran} ${clock.unit} run): the device is asleep or waiting for an interrupt (${pending} frames unacknowledged)`,
        };
      // A clock still moving is an emulator slowed down (a loaded host, as a shared CI runner is),
      // not a stalled one: the backstop counts from its last movement, and the device's own time
      // still decides the firmware's timeout once it has run `ms`.
      if (fresh !== undefined && still && this.now() - still.since < this.backstop) return undefined;
      return {
        kind: 'stalled',
        message: `the emulator made no progress: in ${fmtMs(silentMs)} the device neither answered nor ran ${fmtMs(this.p.ms)} of its own time (${ran} ${clock.unit})`,
      };
    }
    if (silentMs >= this.p.ms) return { kind: 'timeout', message: `no answer from the device for ${fmtMs(this.p.ms)} (${pending} frames unacknowledged)` };
    return undefined;
  }
}

/**
 * The device clock's reading, or undefined if it does not answer within `ms`
 * (a stopped emulator answers nothing, and a caller must not wait on it for good).
 */
export async function readWithin(clock: DeviceClock, ms: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((res) => (timer = setTimeout(() => res(undefined), ms)));
  try {
    return await Promise.race([clock.read().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

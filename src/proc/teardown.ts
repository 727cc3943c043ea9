/**
 * Teardowns registered as resources are acquired and run in reverse order,
 * always, each one guarded so a failing teardown cannot skip the others.
 */
export class Teardowns {
  private stack: { name: string; fn: () => unknown }[] = [];
  /** Errors thrown by teardowns, for the run log. */
  readonly errors: { name: string; error: unknown }[] = [];

  /** Registers `fn` to run at {@link runAll}; returns a function that runs it early (once). */
  defer(name: string, fn: () => unknown): () => Promise<void> {
    const entry = { name, fn };
    this.stack.push(entry);
    return async () => {
      const i = this.stack.indexOf(entry);
      if (i < 0) return;
      this.stack.splice(i, 1);
      await this.runOne(entry);
    };
  }

  async runAll(): Promise<void> {
    while (this.stack.length) await this.runOne(this.stack.pop()!);
  }

  private async runOne(e: { name: string; fn: () => unknown }): Promise<void> {
    try {
      await e.fn();
    } catch (error) {
      this.errors.push({ name: e.name, error });
    }
  }
}

/** A byte channel that drops, flips and duplicates bytes and splits writes, with a seeded PRNG. */
import { Transform, type TransformCallback } from 'node:stream';

export interface Faults {
  drop?: number;
  flip?: number;
  dup?: number;
}

export class Lossy extends Transform {
  private s: number;
  /** Bytes dropped, flipped or duplicated so far. */
  readonly hits = { drop: 0, flip: 0, dup: 0 };

  constructor(seed: number, private readonly p: Faults) {
    super();
    this.s = seed >>> 0 || 1;
  }

  private rnd(): number {
    this.s = (this.s * 1664525 + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    const out: number[] = [];
    for (const b of chunk) {
      if (this.rnd() < (this.p.drop ?? 0)) {
        this.hits.drop++;
        continue;
      }
      let x = b;
      if (this.rnd() < (this.p.flip ?? 0)) {
        x ^= 1 << Math.floor(this.rnd() * 8);
        this.hits.flip++;
      }
      out.push(x);
      if (this.rnd() < (this.p.dup ?? 0)) {
        out.push(x);
        this.hits.dup++;
      }
    }
    // Deliver in small random pieces so frames arrive split.
    for (let i = 0; i < out.length; ) {
      const n = 1 + Math.floor(this.rnd() * 64);
      this.push(Buffer.from(out.slice(i, i + n)));
      i += n;
    }
    cb();
  }
}

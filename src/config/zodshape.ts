/**
 * Just enough introspection of zod 4 schemas to phrase errors: which keys a
 * mapping allows, and what a value must be. Reads `_zod.def`, the definition
 * zod keeps on every schema.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: Shape;
  in?: Shape;
  shape?: Record<string, Shape>;
  element?: Shape;
  valueType?: Shape;
  options?: Shape[];
  getter?: () => Shape;
}
interface Shape {
  _zod: { def: Def };
  description?: string;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** What is known about the schema of one value. */
export interface ShapeInfo {
  /** The schema with optional/default/pipe wrappers removed. */
  def: Def;
  /** The first description met while unwrapping (the hover text). */
  description: string | undefined;
  /** For a unit quantity (a transform): what it accepts, e.g. `a duration like "40ms"...`. */
  accepts: string | undefined;
}

function unwrap(s: Shape): ShapeInfo {
  let description = s.description;
  let accepts: string | undefined;
  for (let i = 0; i < 32; i++) {
    const d = s._zod.def;
    const next = d.type === 'pipe' ? d.in : WRAPPERS.has(d.type) ? d.innerType : d.type === 'lazy' ? d.getter?.() : undefined;
    if (!next) break;
    if (d.type === 'pipe') accepts = next.description;
    s = next;
    description ??= s.description;
  }
  return { def: s._zod.def, description, accepts };
}

function child(s: Shape, seg: PropertyKey): Shape | undefined {
  const d = unwrap(s).def;
  if (d.type === 'object') return Object.hasOwn(d.shape ?? {}, seg) ? d.shape?.[String(seg)] : undefined;
  if (d.type === 'array') return typeof seg === 'number' ? d.element : undefined;
  if (d.type === 'record') return d.valueType;
  if (d.type === 'union') for (const o of d.options ?? []) {
    const c = child(o, seg);
    if (c) return c;
  }
  return undefined;
}

/** The schema of the value at `path` under `root`, unwrapped; undefined if the schema has no such place. */
export function shapeAt(root: z.ZodType, path: readonly PropertyKey[]): ShapeInfo | undefined {
  let s: Shape | undefined = root as unknown as Shape;
  for (const seg of path) {
    s = child(s, seg);
    if (!s) return undefined;
  }
  return unwrap(s);
}

/** The keys the mapping at `path` allows (the object branch of a union counts), or []. */
export function allowedKeys(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const info = shapeAt(root, path);
  if (!info) return [];
  if (info.def.type === 'object') return Object.keys(info.def.shape ?? {});
  for (const o of info.def.options ?? []) {
    const d = unwrap(o).def;
    if (d.type === 'object') return Object.keys(d.shape ?? {});
  }
  return [];
}

/** The keys a mapping at `path` requires (those not optional), in schema order. */
export function requiredKeys(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const info = shapeAt(root, path);
  const shape = info?.def.type === 'object' ? info.def.shape ?? {} : {};
  return Object.keys(shape).filter((k) => shape[k]!._zod.def.type !== 'optional');
}

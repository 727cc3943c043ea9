/**
 * The one error type of config loading, and the small helpers that phrase it.
 */

/** A path into a scenario or platform document: keys and list indexes. */
export type ConfigPath = (string | number)[];

/**
 * A problem in a scenario or platform file, located at the offending value.
 *
 * `message` is exactly one line, ready to print:
 * - `<file>:<line>:<col>: <detail>` for problems inside the file;
 * - `<file>: <detail>` for problems with the file as a whole (it cannot be read,
 *   is a directory, is too large); `line` and `col` are then `undefined`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The file as the caller named it (relative paths stay relative). */
  readonly file: string;
  /** 1-based line of the offending value (or key, for unknown keys); undefined for whole-file problems. */
  readonly line: number | undefined;
  /** 1-based column (UTF-16 code units, as editors count them); undefined for whole-file problems. */
  readonly col: number | undefined;
  /** Where in the document, e.g. `['budgets', 'latency', 'p95', 'max']`; `[]` for the document itself. */
  readonly path: ConfigPath;
  /** The message without the `file:line:col: ` prefix. */
  readonly detail: string;

  constructor(file: string, line: number | undefined, col: number | undefined, path: ConfigPath, detail: string) {
    // One line, whatever a caller, a YAML library message or a file name contains.
    const oneLine = detail.replace(/\s*[\r\n]+\s*/g, ' ').trim();
    const where = file.replace(/[\r\n]/g, '?');
    super(line === undefined ? `${where}: ${oneLine}` : `${where}:${line}:${col ?? 1}: ${oneLine}`);
    this.file = file;
    this.line = line;
    this.col = line === undefined ? undefined : (col ?? 1);
    this.path = path;
    this.detail = oneLine;
  }
}

/** `['budgets', 'latency', 'p95', 'max']` → `budgets.latency.p95.max`; `['inputs', 1]` → `inputs[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(p))) s += (s ? '.' : '') + String(p);
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

/** A JSON string, cut to `max` characters: keeps messages one short line. */
export function quote(s: string, max = 60): string {
  const j = JSON.stringify(s);
  return j.length <= max ? j : `${j.slice(0, max - 4)}..."`;
}

/** How a given value is shown after "got": `-3`, `"-3"`, `true`, `a list`, `a mapping with keys app, elf`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty mapping';
    const shown = keys.slice(0, 6).map((k) => (/^[\w.$-]+$/.test(k) ? k : quote(k, 30)));
    return `a mapping with keys ${shown.join(', ')}${keys.length > 6 ? ', ...' : ''}`;
  }
  return typeof v;
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, p)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

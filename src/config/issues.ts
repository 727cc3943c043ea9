/**
 * zod issues → one located, one-line ConfigError: "<path> must be <what is allowed>; got <what was given>".
 */
import type { z } from 'zod';
import { ConfigError, describeValue, formatPath, quote, valueAt } from './errors.js';
import { suggestion } from './suggest.js';
import type { YamlSource } from './yaml.js';
import { allowedKeys, shapeAt, type ShapeInfo } from './zodshape.js';

type Issue = z.core.$ZodIssue;
type Path = (string | number)[];

/** Validates `src.data` against `schema`; returns the data or throws the first problem in document order. */
export function validate<S extends z.ZodType>(schema: S, src: YamlSource): z.output<S> {
  const r = schema.safeParse(src.data);
  if (r.success) return r.data;
  // Missing keys go last: they point at the parent mapping, and a misspelt key (reported
  // as unknown, with a suggestion) is usually why one is missing.
  const errors = flatten(r.error.issues, []).map((i) => ({ e: toError(i, schema, src), rank: isMissingKey(i, src.data) ? 1 : 0 }));
  errors.sort((a, b) => a.rank - b.rank || (a.e.line ?? 0) - (b.e.line ?? 0) || (a.e.col ?? 0) - (b.e.col ?? 0));
  throw errors[0]!.e;
}

const toPath = (p: readonly PropertyKey[]): Path => p.map((s) => (typeof s === 'number' ? s : String(s)));

/**
 * Replaces each union failure with the issues of the branch the value was meant
 * for (the one that did not fail on the value's type), with full paths. A union
 * where every branch refused the type stays: "must be a string or a mapping".
 */
function flatten(issues: readonly Issue[], prefix: Path): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...toPath(issue.path)];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      out.push({ ...issue, path });
      continue;
    }
    const typeOnly = (branch: readonly Issue[]) => branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || typeOnlyUnion(i)));
    const branch = issue.errors.find((b) => !typeOnly(b));
    out.push(...(branch ? flatten(branch, path) : [{ ...issue, path }]));
  }
  return out;
}
const typeOnlyUnion = (i: Issue): boolean =>
  i.code === 'invalid_union' && i.errors.every((b) => b.every((j) => j.path.length === 0 && j.code === 'invalid_type'));

/**
 * A key the schema requires is absent: zod says "expected X, received undefined" inside a
 * mapping (for a quantity, a union of such: "a number or a string").
 */
function isMissingKey(issue: Issue, data: unknown): boolean {
  const typeOnly = issue.code === 'invalid_type' || typeOnlyUnion(issue);
  if (!typeOnly || issue.path.length === 0 || valueAt(data, issue.path) !== undefined) return false;
  const parent = valueAt(data, issue.path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list',
  object: 'a mapping', record: 'a mapping', null: 'empty',
};
const typeWord = (t: string) => TYPE_WORDS[t] ?? `a ${t}`;
const orList = (xs: string[]) => [...new Set(xs)].join(', ').replace(/, ([^,]*)$/, ' or $1');

/** Every type a union's branches expected: `["string", "object"]`. */
function unionTypes(i: Issue): string[] {
  if (i.code === 'invalid_type') return [i.expected];
  if (i.code === 'invalid_union') return i.errors.flatMap((b) => b.flatMap(unionTypes));
  return [];
}

function toError(issue: Issue, schema: z.ZodType, src: YamlSource): ConfigError {
  const path = toPath(issue.path);
  const where = formatPath(path);
  const value = valueAt(src.data, path);
  const got = `; got ${describeValue(value)}`;
  const shape = shapeAt(schema, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const allowed = allowedKeys(schema, path);
      const inWhere = where ? ` in ${where}` : '';
      return src.errorAt([...path, key], `unknown key ${quote(key)}${inWhere}; ${suggestion(key, allowed)}allowed: ${allowed.join(', ')}`, 'key');
    }
    case 'invalid_type': {
      if (isMissingKey(issue, src.data)) return missingKey(path, shape, src);
      return src.errorAt(path, `${where} must be ${shape?.accepts ?? typeWord(issue.expected)}${got}`);
    }
    case 'invalid_union':
      if (isMissingKey(issue, src.data)) return missingKey(path, shape, src);
      // Union descriptions are written to follow "must be" ("a WAV file or glob, or a list of them").
      return src.errorAt(path, `${where} must be ${shape?.accepts ?? shape?.description ?? orList(unionTypes(issue).map(typeWord))}${got}`);
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const dym = typeof value === 'string' ? suggestion(value, issue.values.map(String)) : '';
      const what = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return src.errorAt(path, `${where} must be ${what}${got}${dym ? `; ${dym.trim()}` : ''}`);
    }
    case 'too_small':
    case 'too_big':
      return src.errorAt(path, `${where} ${bound(issue)}${got}`);
    case 'invalid_format':
      return src.errorAt(path, `${where} ${issue.message.startsWith('must') ? issue.message : `must match ${issue.format}`}${got}`);
    case 'custom': {
      const params = (issue.params ?? {}) as { at?: 'key' | 'value'; got?: boolean };
      const tail = params.got === false ? '' : got;
      return src.errorAt(path, `${where ? `${where} ` : ''}${issue.message}${tail}`, params.at ?? 'value');
    }
    default:
      return src.errorAt(path, `${where ? `${where} ` : ''}${issue.message}${got}`);
  }
}

/** `budgets.ram is missing required key "peak" (static RAM + stack high-water + heap)`. */
function missingKey(path: Path, shape: ShapeInfo | undefined, src: YamlSource): ConfigError {
  const key = JSON.stringify(path[path.length - 1]);
  const what = shape?.description ? ` (${shape.description})` : '';
  const parent = formatPath(path.slice(0, -1));
  // The path is the missing key's; errorAt locates it at the mapping that lacks it.
  return src.errorAt(path, `${parent ? `${parent} is missing` : 'missing'} required key ${key}${what}`);
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const n = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'array') return small ? `must have at least ${n} item${n === 1 ? '' : 's'}` : `must have at most ${n} items`;
  if (issue.origin === 'string') return small ? (n === 1 ? 'must not be empty' : `must be at least ${n} characters long`) : `must be at most ${n} characters long`;
  if (small && n === 0 && !issue.inclusive) return 'must be a positive number';
  const cmp = small ? (issue.inclusive ? 'at least' : 'greater than') : issue.inclusive ? 'at most' : 'less than';
  return `must be ${cmp} ${n}`;
}

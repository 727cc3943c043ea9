/**
 * File → validated data: read, parse, check the document is a mapping, validate.
 * Shared by scenario and platform files.
 */
import type { z } from 'zod';
import { ConfigError, describeValue } from './errors.js';
import { validate } from './issues.js';
import { readConfigText } from './text.js';
import { parseYaml, type YamlSource } from './yaml.js';
import { requiredKeys } from './zodshape.js';

/** A validated config file and its source, for locating later errors. */
export interface ConfigDocument<T> {
  value: T;
  src: YamlSource;
}

/**
 * Loads `file` (as the caller named it) and validates it with `schema`; `kind`
 * ("scenario", "platform") only phrases the messages. Throws ConfigError.
 */
export async function loadDocument<S extends z.ZodType>(file: string, schema: S, kind: string): Promise<ConfigDocument<z.output<S>>> {
  const src = parseYaml(file, await readConfigText(file));
  const data = src.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const keys = requiredKeys(schema, []).join(', ');
    const root = src.doc.contents as { range?: number[] } | null;
    const empty = data == null && (!root?.range || root.range[0] === root.range[1]);
    // An empty file (or only comments, or a bare "---") is reported at 1:1: there is no node to point at.
    if (empty) throw new ConfigError(file, 1, 1, [], `is empty; a ${kind} file is a mapping with at least the keys ${keys}`);
    throw src.errorAt([], `must be a mapping of keys (like "name: ...") with at least ${keys}; got ${describeValue(data)}`);
  }
  return { value: validate(schema, src), src };
}

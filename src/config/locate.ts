/**
 * Path → source offset, on a parsed YAML document.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ConfigPath } from './errors.js';

const start = (n: unknown): number | undefined => (n as { range?: [number, number, number] } | null)?.range?.[0];

/** A scalar with no source text: the value of `key:` with nothing after it. */
const isEmptyValue = (n: unknown) => n == null || (isScalar(n) && n.value === null && n.range?.[0] === n.range?.[1]);

/**
 * The offset to report for `path`: the key (`at: 'key'`) or the value of its last step.
 * Steps through aliases to the anchored node, since that is where the text to fix is.
 * When the path is not all in the document (a missing key), the deepest node on it:
 * the mapping that lacks the key. An empty value is reported at its key, which is
 * where the reader's eye is (`budgets:` rather than the end of that line).
 */
export function parsedNodeAt(doc: Document.Parsed, path: ConfigPath, at: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let key: unknown;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextKey: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      [next, nextKey] = [pair.value, pair.key];
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      [next, nextKey] = [node.items[seg], undefined];
    } else break;
    [node, key] = [next, nextKey];
  }
  if (key !== undefined && (at === 'key' || isEmptyValue(node))) return start(key) ?? 0;
  return start(node) ?? start(key) ?? 0;
}

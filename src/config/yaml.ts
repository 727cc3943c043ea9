/**
 * YAML text → plain data, keeping the document so any path can be mapped back
 * to a line and column. Everything YAML allows but a config file has no use for
 * (tags, odd keys, nested aliases, deep nesting, several documents) is refused
 * here with a located error, before it can cost time or memory.
 */
import { Composer, Lexer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type YAMLError } from 'yaml';
import { ConfigError, quote, type ConfigPath } from './errors.js';
import { parsedNodeAt } from './locate.js';

/** Deeper than any real scenario (5 levels); the parser's stack also holds the document. */
export const MAX_DEPTH = 64;
/** Aliases a file may use; each must point at a node without aliases, so expansion stays linear. */
export const MAX_ALIASES = 64;

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false, // `<<` is then an ordinary (unknown) key, not YAML 1.1 merge magic
  // Checked below in one pass: the library's own check is quadratic in the number of keys.
  uniqueKeys: false,
  strict: true,
} as const;

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** A parsed config file: its plain data and a way to locate any path in it. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The document as plain JSON-like data. */
  data: unknown;
  /**
   * A ConfigError at `path` — at its key when `at` is `'key'`, else at its value;
   * at the deepest node that exists on the path when the path is not all there.
   */
  errorAt(path: ConfigPath, detail: string, at?: 'key' | 'value'): ConfigError;
  /** Line and column (1-based) of `path`'s key, or of the deepest node on it that exists. */
  locate(path: ConfigPath): { line: number; col: number };
}

/** The library's error codes that deserve a plainer sentence. */
const YAML_MESSAGES: Record<string, string> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML indents with spaces only',
  MULTIPLE_DOCS: 'contains more than one YAML document (a second "---"); a file holds exactly one',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
};

/** Parses `text` (from `file`) into a {@link YamlSource}, or throws the first problem as a ConfigError. */
export function parseYaml(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const errorAtOffset = (offset: number, detail: string) => {
    const { line, col } = lines.linePos(offset);
    return new ConfigError(file, line, col, [], detail);
  };
  const doc = parseOne(text, lines, errorAtOffset);
  const yamlError = (problem: YAMLError) =>
    errorAtOffset(problem.pos[0], YAML_MESSAGES[problem.code] ?? `invalid YAML: ${problem.message.replace(/\.$/, '')}`);
  if (doc.errors[0]) throw yamlError(doc.errors[0]);
  // Before warnings: an unknown tag is a warning to the library, and checkTree words it better.
  checkTree(doc, text, lines, errorAtOffset);
  if (doc.warnings[0]) throw yamlError(doc.warnings[0]);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // checkTree refuses what toJS would choke on; this is the last line of defence.
    throw errorAtOffset(0, `cannot be read as data: ${(e as Error).message}`);
  }
  const errorAt = (path: ConfigPath, detail: string, at: 'key' | 'value' = 'value') => {
    const { line, col } = lines.linePos(parsedNodeAt(doc, path, at));
    return new ConfigError(file, line, col, path, detail);
  };
  const locate = (path: ConfigPath) => lines.linePos(parsedNodeAt(doc, path, 'key'));
  return { file, text, doc, lines, data, errorAt, locate };
}

/**
 * Lexes and parses token by token so that nesting deeper than MAX_DEPTH stops the
 * parse at once: the library's composer recurses per level and, thousands of levels
 * down, costs seconds and can even crash V8's regex compiler.
 */
function parseOne(text: string, lines: LineCounter, errorAt: (o: number, d: string) => ConfigError): Document.Parsed {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH) throw errorAt(parser.offset, `is nested more than ${MAX_DEPTH} levels deep`);
  }
  for (const token of parser.end()) tokens.push(token);
  const docs = [...new Composer(PARSE_OPTIONS).compose(tokens, true, text.length)];
  const [doc, second] = docs;
  if (!doc) throw errorAt(0, 'is not a YAML document'); // compose always yields one; kept for the types
  if (second) throw errorAt(second.range[0], YAML_MESSAGES.MULTIPLE_DOCS!);
  return doc;
}

type ErrorAtOffset = (offset: number, detail: string) => ConfigError;

/** One pass over the node tree: tags, keys, duplicates, aliases. */
function checkTree(doc: Document.Parsed, text: string, lines: LineCounter, errorAt: ErrorAtOffset) {
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2')
    throw errorAt(Math.max(0, text.indexOf('%YAML')), `declares %YAML ${doc.directives.yaml.version}; only YAML 1.2 is supported`);
  let aliases = 0;
  const visit = (node: unknown, inKey: boolean): void => {
    if (isAlias(node)) {
      const at = node.range?.[0] ?? 0;
      if (inKey) throw errorAt(at, `uses the alias *${node.source} as a key; keys must be plain text`);
      if (++aliases > MAX_ALIASES) throw errorAt(at, `uses more than ${MAX_ALIASES} aliases`);
      const target = node.resolve(doc);
      if (!target) throw errorAt(at, `uses the alias *${node.source}, but no anchor &${node.source} is defined before it`);
      if (containsAlias(target))
        throw errorAt(at, `uses the alias *${node.source}, whose anchor contains aliases itself; nested aliases are refused (they are how "billion laughs" bombs work)`);
      return;
    }
    const n = node as Node | null;
    if (n && n.tag !== undefined && !CORE_TAGS.has(n.tag)) {
      const tag = n.tag.replace('tag:yaml.org,2002:', '!!');
      const start = n.range?.[0] ?? 0;
      throw errorAt(tagStart(text, start), `uses the tag ${tag}; only plain YAML values are allowed (quote strings instead)`);
    }
    if (isMap(n)) {
      const seen = new Map<string, number>();
      for (const pair of n.items) {
        const k = pair.key;
        visitPair(k, pair.value);
        if (isScalar(k)) {
          const name = String(k.value);
          const first = seen.get(name);
          const at = k.range?.[0] ?? 0;
          if (first !== undefined) throw errorAt(at, `duplicate key ${quote(name)} (first at line ${lines.linePos(first).line}); each key may appear once`);
          seen.set(name, at);
        }
      }
    } else if (isSeq(n)) {
      for (const item of n.items) if (isPair(item)) visitPair(item.key, item.value);
      else visit(item, false);
    }
  };
  const visitPair = (key: unknown, value: unknown) => {
    if (!isAlias(key)) checkKey(key, errorAt);
    visit(key, true);
    visit(value, false);
  };
  const root = doc.contents;
  if (isAlias(root)) throw errorAt(root.range?.[0] ?? 0, 'is only an alias; expected a mapping');
  visit(root, false);
}

/** Keys must be text or numbers: `null:`, `true:`, `[a]:` and `? {}` turn into surprises in JS objects. */
function checkKey(k: unknown, errorAt: ErrorAtOffset) {
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return;
  const at = (k as Node | null)?.range?.[0] ?? 0;
  if (!isScalar(k)) throw errorAt(at, 'has a list or mapping as a key; keys must be plain text');
  if (k.value === null && !k.source) throw errorAt(at, 'has a value without a key (": ..." at the start of an entry)');
  const kind = k.value === null ? 'null' : `a ${typeof k.value}`;
  const src = k.source || String(k.value);
  throw errorAt(at, `has the key ${src}, which is ${kind}, not text; quote it ("${src}") if you mean the word`);
}

/** The node's range starts at its value; the tag in front of it is where the reader should look. */
function tagStart(text: string, valueStart: number): number {
  let i = valueStart;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/[\s[\]{},]/.test(text[i - 1]!)) i--;
  return text[i] === '!' ? i : valueStart;
}

function containsAlias(node: unknown): boolean {
  if (isAlias(node)) return true;
  if (isMap(node) || isSeq(node)) return node.items.some((i) => (isPair(i) ? containsAlias(i.key) || containsAlias(i.value) : containsAlias(i)));
  return false;
}

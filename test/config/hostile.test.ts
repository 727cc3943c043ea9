/**
 * Broken and hostile files: each gets one located line, quickly, never a stack trace.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../src/config/load.js';
import { MAX_CONFIG_BYTES } from '../../src/config/text.js';
import { BASE, configError, project, type TestDirs } from './fixtures/helpers.js';

const REQUIRED = 'name, platform, firmware, labels, inputs';

/** Writes `content` as s.yaml in a fresh project and returns the error loading it gives, with its time. */
async function load(t: TestDirs, content: string | Buffer) {
  const file = path.join(project(t), 's.yaml');
  writeFileSync(file, content);
  const t0 = performance.now();
  const e = await configError(loadScenario(file));
  return { e, file, ms: performance.now() - t0 };
}

interface Case {
  name: string;
  content: string | Buffer;
  /** [line, col]; undefined for whole-file problems. */
  at: [number, number];
  detail: string;
}

const cases: Case[] = [
  { name: 'empty file', content: '', at: [1, 1], detail: `is empty; a scenario file is a mapping with at least the keys ${REQUIRED}` },
  { name: 'only comments', content: '# nothing here\n\n', at: [1, 1], detail: `is empty; a scenario file is a mapping with at least the keys ${REQUIRED}` },
  { name: 'only a document marker', content: '---\n', at: [1, 1], detail: `is empty; a scenario file is a mapping with at least the keys ${REQUIRED}` },
  { name: 'a list document', content: '- a\n- b\n', at: [1, 1], detail: `must be a mapping of keys (like "name: ...") with at least ${REQUIRED}; got a list of 2 items` },
  { name: 'a scalar document', content: '\nhello\n', at: [2, 1], detail: `must be a mapping of keys (like "name: ...") with at least ${REQUIRED}; got "hello"` },
  { name: 'two documents', content: 'name: s\n---\nname: t\n', at: [2, 1], detail: 'contains more than one YAML document (a second "---"); a file holds exactly one' },
  { name: 'unclosed flow sequence', content: 'name: [a, b\nplatform: x\n', at: [2, 1], detail: 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' },
  { name: 'unclosed quote', content: 'name: s\ndescription: "abc\n', at: [3, 1], detail: 'invalid YAML: Missing closing "quote' },
  { name: 'bad indentation', content: 'name: s\n  platform: p1\n', at: [1, 7], detail: 'invalid YAML: Nested mappings are not allowed in compact mappings' },
  { name: 'tab indentation', content: 'name: s\nfirmware:\n\tapp: x\n', at: [3, 1], detail: 'a tab is used for indentation; YAML indents with spaces only' },
  { name: 'duplicate key', content: 'name: s\nplatform: p1\nname: t\n', at: [3, 1], detail: 'duplicate key "name" (first at line 1); each key may appear once' },
  { name: 'duplicate nested key', content: 'budgets:\n  flash: {max: 1}\n  ram: {}\n  flash: {max: 2}\n', at: [4, 3], detail: 'duplicate key "flash" (first at line 2); each key may appear once' },
  { name: 'key over 1024 characters', content: `${'k'.repeat(1100)}: 1\n`, at: [1, 1], detail: 'a key is longer than 1024 characters' },
  { name: 'NUL byte', content: 'name: s\x00\n', at: [1, 8], detail: 'contains a NUL byte: this is a binary file, not YAML text' },
  { name: 'invalid UTF-8 (Latin-1 text)', content: Buffer.from('name: s\nplatform: caf\xe9\n', 'latin1'), at: [2, 14], detail: 'is not valid UTF-8 (byte 0xe9); save it as UTF-8 text' },
  { name: 'invalid UTF-8 after multibyte text', content: Buffer.concat([Buffer.from('name: é'), Buffer.from([0xff])]), at: [1, 8], detail: 'is not valid UTF-8 (byte 0xff); save it as UTF-8 text' },
  { name: 'overlong UTF-8 encoding', content: Buffer.from([0x61, 0x3a, 0x20, 0xc0, 0xaf]), at: [1, 4], detail: 'is not valid UTF-8 (byte 0xc0); save it as UTF-8 text' },
  { name: 'UTF-8 truncated at the end', content: Buffer.from([0x61, 0x3a, 0x20, 0xe2, 0x82]), at: [1, 4], detail: 'is not valid UTF-8 (byte 0xe2); save it as UTF-8 text' },
  { name: 'UTF-16 text', content: Buffer.from('\ufeffname: s\n', 'utf16le'), at: [1, 1], detail: 'is UTF-16 text; save it as UTF-8' },
  { name: 'binary junk (a PNG header)', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), at: [1, 1], detail: 'is not valid UTF-8 (byte 0x89); save it as UTF-8 text' },
  { name: 'control character', content: 'name: s\x07\n', at: [1, 8], detail: 'contains the control character U+0007; YAML files must be plain text' },
  { name: 'billion laughs', content: 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n', at: [3, 8], detail: 'uses the alias *b, whose anchor contains aliases itself; nested aliases are refused (they are how "billion laughs" bombs work)' },
  { name: 'self-referencing alias', content: 'a: &a [x, *a]\n', at: [1, 11], detail: 'uses the alias *a, whose anchor contains aliases itself; nested aliases are refused (they are how "billion laughs" bombs work)' },
  { name: 'too many aliases', content: `a: &a x\n${Array.from({ length: 65 }, (_, i) => `k${i}: *a\n`).join('')}`, at: [66, 6], detail: 'uses more than 64 aliases' },
  { name: 'alias without an anchor', content: 'name: *nope\n', at: [1, 7], detail: 'uses the alias *nope, but no anchor &nope is defined before it' },
  { name: 'alias as a key', content: 'x: &k name\n*k : s\n', at: [2, 1], detail: 'uses the alias *k as a key; keys must be plain text' },
  { name: 'merge key', content: `${BASE}x: &t { kind: qemu }\ntarget: { <<: *t }\n`, at: [6, 1], detail: 'unknown key "x"; allowed: $schema, name, description, platform, firmware, labels, inputs, verify, budgets, regression, timeouts, target, matrix' },
  { name: 'binary tag', content: 'name: !!binary aGk=\n', at: [1, 7], detail: 'uses the tag !!binary; only plain YAML values are allowed (quote strings instead)' },
  { name: 'custom tag', content: 'name: s\nplatform: !env PLATFORM\n', at: [2, 11], detail: 'uses the tag !env; only plain YAML values are allowed (quote strings instead)' },
  { name: '%YAML 1.1 directive', content: '%YAML 1.1\n---\nname: yes\n', at: [1, 1], detail: 'declares %YAML 1.1; only YAML 1.2 is supported' },
  { name: 'null key', content: 'null: 1\n', at: [1, 1], detail: 'has the key null, which is null, not text; quote it ("null") if you mean the word' },
  { name: 'boolean key', content: 'name: s\ntrue: 1\n', at: [2, 1], detail: 'has the key true, which is a boolean, not text; quote it ("true") if you mean the word' },
  { name: 'empty key', content: 'name: s\n: 1\n', at: [2, 1], detail: 'has a value without a key (": ..." at the start of an entry)' },
  { name: 'collection key', content: 'name: s\n[a, b]: 1\n', at: [2, 1], detail: 'has a list or mapping as a key; keys must be plain text' },
  { name: 'deep flow nesting', content: `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, at: [1, 67], detail: 'is nested more than 64 levels deep' },
  { name: 'deep compact sequences', content: `${'- '.repeat(100_000)}a\n`, at: [1, 128], detail: 'is nested more than 64 levels deep' },
  { name: 'deep block nesting', content: Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:\n`).join(''), at: [64, 65], detail: 'is nested more than 64 levels deep' },
  { name: 'nesting under the limit is only a schema error', content: `${BASE}x: ${'['.repeat(60)}${']'.repeat(60)}\n`, at: [6, 1], detail: 'unknown key "x"; allowed: $schema, name, description, platform, firmware, labels, inputs, verify, budgets, regression, timeouts, target, matrix' },
  { name: 'UTF-8 BOM is skipped, columns count from after it', content: `\ufeff${BASE.replace('name: s', 'name: a b')}`, at: [1, 7], detail: 'name must be a name of letters, digits, ".", "_" or "-" (starting with a letter or digit); got "a b"' },
  { name: 'CRLF line ends', content: `${BASE}verify: selftst\n`.replace(/\n/g, '\r\n'), at: [6, 9], detail: 'verify must be "selftest"; got "selftst"; did you mean "selftest"?' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const { e, file, ms } = await load(t, c.content);
    t.equal(e.message, `${file}:${c.at[0]}:${c.at[1]}: ${c.detail}`);
    t.same([e.line, e.col], c.at);
    t.notOk(e.message.includes('\n'), 'one line');
    t.comment(`${ms.toFixed(0)} ms`);
  });
}

t.test('aliases of plain values are fine', async (t) => {
  const file = path.join(project(t), 's.yaml');
  writeFileSync(file, `${BASE.replace('name: s', 'name: &n s')}description: *n\n`);
  t.equal((await loadScenario(file)).scenario.description, 's');
});

t.test('explicit core tags are fine', async (t) => {
  const file = path.join(project(t), 's.yaml');
  writeFileSync(file, BASE.replace('name: s', 'name: !!str 123'));
  t.equal((await loadScenario(file)).scenario.name, '123');
});

t.test('whole-file problems have no line:col', async (t) => {
  const dir = project(t, { 'sub/x.yaml': BASE });
  const missing = path.join(dir, 'nope.yaml');
  let e = await configError(loadScenario(missing));
  t.equal(e.message, `${missing}: cannot read: ENOENT: no such file or directory`);
  t.same([e.file, e.line, e.col, e.path], [missing, undefined, undefined, []]);

  const rel = path.relative(process.cwd(), missing);
  e = await configError(loadScenario(rel));
  t.equal(e.message, `${rel}: cannot read: ENOENT: no such file or directory`, 'relative paths stay relative');

  e = await configError(loadScenario(path.join(dir, 'sub')));
  t.equal(e.message, `${path.join(dir, 'sub')}: cannot read: it is a directory, not a YAML file`);

  e = await configError(loadScenario(path.join(dir, 'sub/x.yaml/y.yaml')));
  t.equal(e.message, `${path.join(dir, 'sub/x.yaml/y.yaml')}: cannot read: ENOTDIR: not a directory`);
});

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

t.test('a FIFO is refused without blocking', { skip: hasMkfifo ? false : 'mkfifo is not available' }, async (t) => {
  const fifo = path.join(project(t), 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  const e = await configError(loadScenario(fifo));
  t.equal(e.message, `${fifo}: cannot read: not a regular file`);
});

t.test('an unreadable file', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, async (t) => {
  const file = path.join(project(t), 's.yaml');
  writeFileSync(file, BASE);
  chmodSync(file, 0o000);
  const e = await configError(loadScenario(file));
  t.equal(e.message, `${file}: cannot read: EACCES: permission denied`);
});

t.test('size cap: 1 MiB is read, one byte more is refused unread', async (t) => {
  const dir = project(t);
  const atCap = path.join(dir, 'cap.yaml');
  writeFileSync(atCap, `#${'x'.repeat(MAX_CONFIG_BYTES - 2)}\n`);
  t.match((await configError(loadScenario(atCap))).message, `${atCap}:1:1: is empty;`);
  const over = path.join(dir, 'over.yaml');
  writeFileSync(over, `#${'x'.repeat(MAX_CONFIG_BYTES - 1)}\n`);
  const e = await configError(loadScenario(over));
  t.equal(e.message, `${over}: is too large (1.0 MiB); scenario and platform files are limited to 1 MiB`);
  t.equal(e.line, undefined);
});

t.test('near-cap files with many keys or items are read in one pass, not the yaml library\'s quadratic one', async (t) => {
  // The yaml library's own duplicate-key check compares every key with every other: 90k keys took
  // minutes. What decides the cost is which check runs, so that is what is asserted (no time limit:
  // this machine is shared, and a limit fails under load): a duplicate among ~90k keys is reported
  // by tinyhil's one-pass check, with its line, never by the library's.
  const keys: string[] = [];
  for (let i = 0, n = 0; n < MAX_CONFIG_BYTES - 40; i++) {
    keys.push(`k${i}: ${i}\n`);
    n += keys[keys.length - 1]!.length;
  }
  let r = await load(t, keys.join(''));
  t.equal(r.e.detail, `unknown key "k0"; allowed: $schema, name, description, platform, firmware, labels, inputs, verify, budgets, regression, timeouts, target, matrix`);
  t.comment(`${keys.length} keys: ${r.ms.toFixed(0)} ms`);
  const dup = [...keys.slice(0, -1), 'k7: again\n'].join('');
  r = await load(t, dup);
  t.equal(r.e.detail, 'duplicate key "k7" (first at line 8); each key may appear once', 'the one-pass check found it');
  t.equal(r.e.line, keys.length, 'at the second k7, the last line');
  r = await load(t, `${BASE.replace('labels: [yes, no]', `labels: [${Array.from({ length: 120_000 }, (_, i) => i).join(',')}]`)}`);
  t.equal(r.e.detail, 'labels[0] must be a string; got 0', 'a 120,000-item list: the first bad item, one message');
  t.comment(`long list: ${r.ms.toFixed(0)} ms`);
});

t.test('app arguments beyond what CLIP_BEGIN carries (i32) are refused where they are written', async (t) => {
  for (const v of ['4294967296', '2147483648', '-2147483649']) {
    const { e } = await load(t, BASE.replace('inputs: [clips]', `inputs:\n  - files: "a.wav"\n    args: { hang: ${v} }`));
    t.equal(e.detail, `inputs[0].args.hang must be from -2147483648 to 2147483647: CLIP_BEGIN carries each app argument as a 32-bit signed integer; got ${v}`);
  }
});

t.test('durations longer than a timer can wait, or infinite, are refused where they are written', async (t) => {
  for (const [v, why] of [
    ['1000h', 'must be at most 2147483647 ms (about 24 days): no timer waits longer'],
    [`${'9'.repeat(400)}s`, 'must be a finite duration like "10s"'],
  ] as const) {
    const { e } = await load(t, `${BASE}timeouts: { clip: ${v} }\n`);
    t.equal(e.detail.replace(/; got .*$/, ''), `timeouts.clip ${why}`);
  }
  const ok = path.join(project(t), 'ok.yaml');
  writeFileSync(ok, `${BASE}timeouts: { clip: 596h }\n`);
  t.equal((await loadScenario(ok)).scenario.timeouts?.clip, 596 * 3600 * 1000, '24.8 days is the longest');
});

/** A temp folder with no platforms/ in it or above it (else the test cannot make its point). */
const bareTmp = (() => {
  for (let d = os.tmpdir(); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'platforms'))) return undefined;
    if (path.dirname(d) === d) return os.tmpdir();
  }
})();

t.test('no platforms folder anywhere', { skip: bareTmp ? false : 'a platforms/ folder exists above the temp dir' }, async (t) => {
  const dir = mkdtempSync(path.join(bareTmp!, 'tinyhil-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'scenarios'));
  const file = path.join(dir, 'scenarios', 's.yaml');
  writeFileSync(file, BASE);
  const e = await configError(loadScenario(file));
  t.equal(e.message, `${file}:2:11: platform "p1" is not defined (no platforms/ folder in ${path.join(dir, 'scenarios')} or above it); no platforms are defined`);
});

/**
 * Reading a config file as text, refusing what is not a small UTF-8 text file
 * before the YAML parser ever sees it.
 */
import { stat, readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { ConfigError } from './errors.js';

/** Scenario and platform files are a few KiB; anything near this is a mistake or an attack. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** `ENOENT: no such file or directory, open 'x'` → `ENOENT: no such file or directory`. */
function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const msg = String(err?.message ?? e).replace(/, \w+ '.*'$/s, '');
  return err?.code && !msg.startsWith(err.code) ? `${err.code}: ${msg}` : msg;
}

/** 1-based line and column (UTF-16 units) of a character index in `text`. */
export function linePos(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: index - lineStart + 1 };
}

/** Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, no surrogates), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : (c & 0xf0) === 0xe0 ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= b.length) return i; // not a lead byte, or truncated at the end
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return i;
    if (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Characters YAML 1.2 does not allow in a stream (C0/C1 controls but tab, LF, CR, NEL; U+FFFE/F). */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/**
 * Reads `file` as UTF-8 text (a leading BOM removed). Whole-file problems (cannot
 * read, not a file, too large) are unlocated ConfigErrors; bad bytes are located.
 */
export async function readConfigText(file: string): Promise<string> {
  const fail = (detail: string) => new ConfigError(file, undefined, undefined, [], detail);
  let bytes: Buffer;
  try {
    // stat first: opening a FIFO would block, reading a directory says EISDIR only on some systems.
    const st = await stat(file);
    if (st.isDirectory()) throw fail('cannot read: it is a directory, not a YAML file');
    if (!st.isFile()) throw fail('cannot read: not a regular file');
    if (st.size > MAX_CONFIG_BYTES) throw fail(tooLarge(st.size));
    bytes = await readFile(file);
  } catch (e) {
    throw e instanceof ConfigError ? e : fail(`cannot read: ${describeFsError(e)}`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) throw fail(tooLarge(bytes.length)); // grew since stat
  return decode(file, bytes);
}

function tooLarge(size: number): string {
  return `is too large (${(size / 1024 / 1024).toFixed(1)} MiB); scenario and platform files are limited to ${MAX_CONFIG_BYTES / 1024 / 1024} MiB`;
}

/** Bytes → text, or a ConfigError at the first byte that makes this not a YAML text file. */
export function decode(file: string, bytes: Uint8Array): string {
  const at = (offset: number, detail: string) => {
    // The prefix before `offset` is valid UTF-8 by construction, so it decodes to the editor's view.
    const prefix = Buffer.from(bytes.subarray(0, offset)).toString('utf8').replace(/^\uFEFF/, '');
    const { line, col } = linePos(prefix, prefix.length);
    return new ConfigError(file, line, col, [], detail);
  };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw at(0, 'is UTF-16 text; save it as UTF-8');
  const nul = bytes.indexOf(0);
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (nul !== -1 && (bad === -1 || nul < bad)) throw at(nul, 'contains a NUL byte: this is a binary file, not YAML text');
  if (bad !== -1) throw at(bad, `is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}); save it as UTF-8 text`);
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ctl = NOT_PRINTABLE.exec(text);
  if (ctl) {
    const { line, col } = linePos(text, ctl.index);
    const code = ctl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ConfigError(file, line, col, [], `contains the control character U+${code}; YAML files must be plain text`);
  }
  return text;
}

/**
 * A small RFC 4180 CSV reader that keeps where every field starts, so a bad manifest
 * row can be reported as `file:line:col`. Handles a UTF-8 BOM, CRLF or LF line ends,
 * quoted fields with commas, `""` escapes and line breaks inside quotes.
 */

/** One field and where it starts (1-based line and column, in characters). */
export interface CsvField {
  value: string;
  line: number;
  col: number;
  quoted: boolean;
}

/** A record: its fields and the line it starts on. Blank lines produce no record. */
export interface CsvRecord {
  line: number;
  fields: CsvField[];
}

/** A syntax error at a position; the caller prefixes the file name. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/**
 * Parse `text` into records. Unquoted fields are trimmed (hand-written manifests often
 * have `path, label`); quoted fields are kept verbatim.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: CsvField[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const endRecord = (): void => {
    const blank = fields.length === 1 && !fields[0]!.quoted && fields[0]!.value === '';
    if (!blank) records.push({ line: fields[0]!.line, fields });
    fields = [];
  };
  while (i <= src.length) {
    // Spaces before a quoted field (`path, "a b.wav"`) are layout, not content.
    let j = i;
    while (src[j] === ' ' || src[j] === '\t') j++;
    if (src[j] === '"') i = j;
    const fLine = line;
    let fCol = i - lineStart + 1;
    let value = '';
    let quoted = false;
    if (src[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError('unterminated quoted field (a " without its closing ")', fLine, fCol);
        const c = src[i]!;
        if (c === '"') {
          if (src[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n') [line, lineStart] = [line + 1, i + 1];
        value += c;
        i++;
      }
      while (src[i] === ' ' || src[i] === '\t') i++;
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && src[i + 1] === '\n'))
        throw new CsvSyntaxError('text after a closing quote; write a " inside a quoted field as ""', line, i - lineStart + 1);
    } else {
      const start = i;
      while (i < src.length && src[i] !== ',' && src[i] !== '\n' && !(src[i] === '\r' && src[i + 1] === '\n')) {
        if (src[i] === '"') throw new CsvSyntaxError('a " inside an unquoted field; quote the whole field and write the " as ""', line, i - lineStart + 1);
        i++;
      }
      const raw = src.slice(start, i);
      value = raw.trim();
      fCol += raw.length - raw.trimStart().length;
    }
    fields.push({ value, line: fLine, col: fCol, quoted });
    if (i >= src.length) {
      endRecord();
      break;
    }
    if (src[i] === ',') {
      i++;
      continue;
    }
    i += src[i] === '\r' ? 2 : 1;
    [line, lineStart] = [line + 1, i];
    endRecord();
    if (i === src.length) break;
  }
  return records;
}

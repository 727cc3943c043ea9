/**
 * GitHub-flavoured Markdown pieces for the job summary and `hil compare --format
 * markdown`: table cells that cannot break the table or inject HTML, whatever a
 * clip name or reason contains.
 */
import { oneLine } from '../core/format.js';

/** A Markdown table cell: one line, pipes and HTML escaped. */
export function cell(s: string): string {
  return oneLine(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** A code span in a table cell: literal (no HTML), so only backticks and pipes need care. */
export function code(s: string): string {
  return `\`${oneLine(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** A table; cells must already be escaped ({@link cell}, {@link code}). */
export function mdTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- |').join('')}`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

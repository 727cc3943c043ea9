/**
 * Building the page without innerHTML: every string from the report (clip names,
 * labels, device text, scenario text) becomes a text node, so markup in a clip
 * name renders as the characters it is.
 */

type Child = Node | string | number | null | undefined | false;

/** Attributes the page sets; anything else is refused (no event handlers by accident). */
const ALLOWED = new Set(['class', 'id', 'title', 'colspan', 'scope', 'controls', 'preload', 'src', 'href', 'type', 'value', 'placeholder', 'aria-label', 'aria-sort', 'data-status', 'data-clip', 'data-chart', 'role', 'for', 'selected', 'download']);

/** An element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (!ALLOWED.has(k)) throw new Error(`attribute ${k} is not allowed`);
    if ((k === 'src' || k === 'href') && !safeUrl(String(v))) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

/** Appends children, strings as text. */
export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/**
 * A link or media source the page may use: a relative path inside the run folder
 * (no scheme, no leading slash, no `..`), or an embedded `data:audio/…` clip.
 */
export function safeUrl(u: string): boolean {
  if (/^data:audio\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*$/.test(u)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('/') && !u.startsWith('\\') && !u.split(/[\\/]/).includes('..');
}

/** A section with a heading. */
export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { id }, h('h2', {}, title), ...children);
}

/** A status badge: passed, failed, error, skipped, timedout. */
export function badge(status: string): HTMLElement {
  return h('span', { class: `badge s-${status.replace(/[^a-z]/g, '')}` }, status);
}

/** A two-column list of facts. */
export function facts(rows: [string, Child][]): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of rows) if (v !== undefined && v !== null && v !== '') append(dl, h('dt', {}, k), h('dd', {}, v));
  return dl;
}

/** A table from a header and rows of cells. */
export function table(head: string[], rows: Child[][], cls = ''): HTMLTableElement {
  return h('table', { class: cls || undefined },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

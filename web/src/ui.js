// Shared pieces of the views: loading and error states, kind badges, embedded SVGs.
import { h, clear } from './dom.js';
import { isAbort } from './api.js';

export const KINDS = [
  { id: 'promotion', label: 'Promotion', color: '#0072B2' },
  { id: 'step-back', label: 'Step back', color: '#D55E00' },
  { id: 'cross-track', label: 'Cross-track', color: '#A0527F' },
  { id: 'entry', label: 'Entry', color: '#56B4E9' },
  { id: 'exit', label: 'Exit', color: '#6E6E6E' },
];
export const KIND = Object.fromEntries(KINDS.map((k) => [k.id, k]));

/** The move kinds of the CLI ("cross-track (up)", "step-back", ...) to one of KINDS. */
export function kindOf(kind) {
  if (!kind) return null;
  const k = String(kind).toLowerCase();
  if (k.startsWith('cross')) return 'cross-track';
  if (k.startsWith('step')) return 'step-back';
  if (k.startsWith('promo')) return 'promotion';
  if (k.startsWith('entry')) return 'entry';
  if (k.startsWith('exit')) return 'exit';
  return null;
}

export function kindBadge(kind) {
  const id = kindOf(kind);
  return h('span', { class: ['badge', `kind-${id || 'other'}`] }, kind || '—');
}

export const TRACK_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function spinner(text = 'Loading…') {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spin', 'aria-hidden': 'true' }), text);
}

/** An error box; details (line-numbered problems) are listed as the server gave them. */
export function errorBox(err, retry) {
  const title = err && err.code === 'network' ? 'Cannot reach the server' : 'Something went wrong';
  const box = h('div', { class: 'error-box', role: 'alert' },
    h('p', { class: 'error-title' }, h('strong', title),
      err && err.status ? h('span', { class: 'muted' }, ` (${err.status}${err.code ? ` ${err.code}` : ''})`) : null),
    h('p', { class: 'error-message' }, err ? messageBesides(err) : 'Unknown error'),
    err && err.field ? h('p', { class: 'muted' }, `Field: ${err.field}`) : null,
    err && err.details && err.details.length ? detailsList(err.details) : null,
    retry ? h('button', { type: 'button', class: 'btn', onClick: retry }, 'Try again') : null);
  return box;
}

/** The error message without the lines that the details list again (file:line: message). */
export function messageBesides(err) {
  const details = err.details || [];
  if (!details.length) return err.message;
  const listed = new Set();
  for (const d of details) {
    listed.add(`${d.file}:${d.line}: ${d.message}`);
    listed.add(`${d.file}:${d.line}:${d.column}: ${d.message}`);
  }
  const rest = String(err.message).split('\n').filter((l) => !listed.has(l.trim()));
  return rest.join('\n');
}

export function detailsList(details) {
  // as the CLI prints them: FILE:LINE[:COLUMN]: MESSAGE
  return h('ol', { class: 'error-details', 'aria-label': 'Problems, by line' },
    details.map((d) => {
      const where = d.file || d.line ? `${d.file || ''}${d.line ? `:${d.line}` : ''}${d.column ? `:${d.column}` : ''}: ` : '';
      return h('li', where ? h('span', { class: 'where' }, where) : null, h('span', d.message || ''));
    }));
}

/**
 * Fill `el` from a promise: a spinner while it runs, `render(value)` when it resolves,
 * an error box with a retry button when it fails; nothing when the view has been left.
 */
export async function load(el, fn, render, { text } = {}) {
  clear(el);
  el.setAttribute('aria-busy', 'true');
  el.append(spinner(text));
  try {
    const value = await fn();
    clear(el);
    el.removeAttribute('aria-busy');
    const out = render(value);
    if (out instanceof Node) el.append(out);
    return value;
  } catch (e) {
    el.removeAttribute('aria-busy');
    if (isAbort(e)) return undefined;
    clear(el);
    el.append(errorBox(e, () => load(el, fn, render, { text })));
    return undefined;
  }
}

const ALLOWED_SVG = new Set(['svg', 'g', 'path', 'rect', 'line', 'polyline', 'polygon', 'circle', 'ellipse', 'text', 'tspan', 'title', 'desc', 'defs', 'clipPath', 'marker', 'linearGradient', 'stop', 'pattern', 'use']);

/**
 * An SVG document from the server (flows, tenure) as inline, sanitised SVG: only drawing
 * elements and attributes, no scripts, handlers or external references.
 */
export function embedSvg(text, label, { wide = false } = {}) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) {
    return h('p', { class: 'error-box' }, 'The server sent a picture that could not be read.');
  }
  const walk = (node) => {
    for (const child of [...node.children]) {
      if (!ALLOWED_SVG.has(child.localName)) {
        child.remove();
        continue;
      }
      for (const a of [...child.attributes]) {
        const n = a.name.toLowerCase();
        const v = a.value.trim().toLowerCase();
        if (n.startsWith('on') || ((n === 'href' || n === 'xlink:href') && !v.startsWith('#')) || v.includes('javascript:')) {
          child.removeAttribute(a.name);
        }
      }
      walk(child);
    }
  };
  for (const a of [...root.attributes]) if (a.name.toLowerCase().startsWith('on')) root.removeAttribute(a.name);
  walk(root);
  const svg = document.importNode(root, true);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('class', 'server-svg');
  svg.setAttribute('role', 'img');
  if (label && !svg.getAttribute('aria-label')) svg.setAttribute('aria-label', label);
  svg.setAttribute('focusable', 'false');
  return h('div', { class: 'svg-outer' }, h('p', { class: 'hint scroll-hint' }, 'Scroll sideways to see the whole picture.'), h('figure', { class: ['svg-figure', wide ? 'wide' : ''] }, svg));
}

export function legend(items) {
  return h('ul', { class: 'legend' }, items.map((i) => h('li', h('span', { class: 'swatch', style: { background: i.color }, 'aria-hidden': 'true' }), i.label)));
}

export function stat(label, value, sub) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), sub ? h('div', { class: 'stat-sub' }, sub) : null);
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', title), ...children);
}

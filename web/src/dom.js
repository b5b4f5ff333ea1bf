// Small DOM helpers. Text always goes in as text nodes (never as HTML), so data from the
// store cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
      else if (k === 'value' && 'value' in el && el.namespaceURI !== SVG_NS) el.value = v;
      else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** h('div', {class: 'x', onClick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs === 'string' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  return apply(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs === 'string' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  return apply(document.createElementNS(SVG_NS, tag), attrs, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let uid = 0;
export function nextId(prefix = 'cg') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Tell screen readers something changed (polite). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  window.setTimeout(() => { el.textContent = text; }, 30);
}

/** A labelled form field: returns {wrap, input}. */
export function field(label, control, hint) {
  const id = control.id || nextId('f');
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
  return wrap;
}

/** A <select> from [{value, label}] or [{label, options: [...]}] (optgroups). */
export function select(options, value, attrs = {}) {
  const el = h('select', attrs);
  const add = (parent, o) => {
    if (o.options) {
      const g = h('optgroup', { label: o.label });
      o.options.forEach((x) => add(g, x));
      parent.append(g);
    } else {
      parent.append(h('option', { value: o.value }, o.label));
    }
  };
  options.forEach((o) => add(el, o));
  if (value !== undefined && value !== null) el.value = value;
  return el;
}

/** A table in a horizontally scrollable, keyboard-focusable region. */
export function table({ caption, columns, rows, className, empty = 'Nothing to show.', stack = columns.length > 3 }) {
  const thead = h('thead', h('tr', columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : c.class }, c.label))));
  const tbody = h('tbody');
  if (!rows.length) {
    tbody.append(h('tr', h('td', { colspan: columns.length, class: 'empty' }, empty)));
  }
  for (const r of rows) {
    const tr = h('tr', r.attrs || null);
    columns.forEach((c, i) => {
      const v = c.render ? c.render(r) : r[c.key];
      const cell = h(i === 0 && c.rowHeader !== false ? 'th' : 'td', { class: [c.num ? 'num' : '', c.class], 'data-label': c.label });
      if (i === 0 && c.rowHeader !== false) cell.setAttribute('scope', 'row');
      append(cell, [v]);
      tr.append(cell);
    });
    tbody.append(tr);
  }
  const t = h('table', { class: ['data', stack ? 'stack' : '', className] }, caption ? h('caption', caption) : null, thead, tbody);
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption || 'Table', tabindex: '0' }, t);
}

// Flows view: the Sankey diagram of moves between tracks (from the server, SVG), filtered by
// period and by a person attribute, and the flows as tables.
import { h, clear, field, select, table } from '../dom.js';
import { request } from '../api.js';
import { framework, attributes } from '../model.js';
import { load, embedSvg, stat } from '../ui.js';
import { int, pct, DATE_PATTERN } from '../format.js';

export default function flowsView(el, route, { signal, setParams }) {
  const p = route.params;
  const state = {
    since: p.get('since') || '',
    until: p.get('until') || '',
    where: p.get('where') || '',
    crossOnly: p.get('cross-only') === 'true',
  };
  const [wAttr0, ...wRest] = state.where ? state.where.split('=') : [''];
  const wVal0 = wRest.join('=');

  el.append(
    h('h1', 'Flows'),
    h('p', { class: 'lede' }, 'Who crossed from which track to which, who came in from outside and who left: the moves between tracks, entries and exits, for a period and a group of people.'),
  );

  const since = h('input', { type: 'text', name: 'since', value: state.since, placeholder: 'YYYY or YYYY-MM', pattern: DATE_PATTERN, inputmode: 'numeric', autocomplete: 'off', class: 'narrow' });
  const until = h('input', { type: 'text', name: 'until', value: state.until, placeholder: 'YYYY or YYYY-MM', pattern: DATE_PATTERN, inputmode: 'numeric', autocomplete: 'off', class: 'narrow' });
  const attr = select([{ value: '', label: 'Everyone' }], '', { name: 'attribute' });
  const valueList = h('datalist', { id: 'flows-values' });
  const value = h('input', { type: 'text', name: 'value', list: 'flows-values', value: wVal0, autocomplete: 'off', disabled: !wAttr0 });
  const cross = h('input', { type: 'checkbox', name: 'cross-only', checked: state.crossOnly });
  const attrNote = h('span', { class: 'hint', id: 'flows-attr-note' }, 'Listing the attributes people have…');
  attr.setAttribute('aria-describedby', 'flows-attr-note');

  let attrs = [];
  const fillValues = () => {
    clear(valueList);
    const a = attrs.find((x) => x.name === attr.value);
    if (a) a.values.forEach((v) => valueList.append(h('option', { value: v })));
    value.disabled = !attr.value;
    if (!attr.value) value.value = '';
  };
  attr.addEventListener('change', () => { fillValues(); if (attr.value && !value.value) { const a = attrs.find((x) => x.name === attr.value); if (a && a.values.length) value.value = a.values[0]; } });

  const form = h('form', { class: 'controls card', 'aria-label': 'Filter the flows', novalidate: true },
    field('Moves from', since, 'YYYY, YYYY-MM or YYYY-MM-DD'),
    field('Moves until', until, 'Inclusive'),
    h('div', { class: 'field' }, h('label', { for: 'flows-attr' }, 'People with attribute'), Object.assign(attr, { id: 'flows-attr' }), attrNote),
    field('Value', value),
    valueList,
    h('div', { class: 'field field-check' }, h('label', { class: 'check' }, cross, 'Diagram: crossings only (leave out moves within a track)')),
    h('div', { class: 'field field-buttons' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show flows'),
      h('button', { type: 'button', class: 'btn', onClick: () => { since.value = ''; until.value = ''; attr.value = ''; fillValues(); cross.checked = false; form.requestSubmit(); } }, 'Reset')),
  );
  const formError = h('div', { role: 'alert', class: 'form-error', hidden: true });
  const result = h('div', { class: 'flows-result' });
  el.append(form, formError, result);

  attributes().then((r) => {
    if (signal.aborted) return;
    attrs = r.attributes;
    attrs.forEach((a) => attr.append(h('option', { value: a.name }, a.name)));
    if (wAttr0 && !attrs.some((a) => a.name === wAttr0)) attr.append(h('option', { value: wAttr0 }, wAttr0));
    attr.value = wAttr0 || '';
    fillValues();
    if (wVal0) value.value = wVal0;
    attrNote.textContent = attrs.length
      ? `Attributes of the ${r.people} people: ${attrs.map((a) => a.name).join(', ')}.`
      : 'The people in the store have no attributes.';
  }).catch((e) => {
    if (signal.aborted) return;
    attrNote.textContent = `Could not list attributes (${e.message}).`;
    if (wAttr0) { attr.append(h('option', { value: wAttr0 }, wAttr0)); attr.value = wAttr0; value.disabled = false; }
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    formError.hidden = true;
    for (const inp of [since, until]) {
      inp.value = inp.value.trim();
      if (inp.value && !new RegExp(`^${DATE_PATTERN}$`).test(inp.value)) {
        formError.hidden = false;
        formError.textContent = `“${inp.value}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.`;
        inp.setAttribute('aria-invalid', 'true');
        inp.focus();
        return;
      }
      inp.removeAttribute('aria-invalid');
    }
    if (attr.value && !value.value.trim()) {
      formError.hidden = false;
      formError.textContent = `Choose a value of ${attr.value}, or choose Everyone.`;
      value.focus();
      return;
    }
    state.since = since.value;
    state.until = until.value;
    state.where = attr.value ? `${attr.value}=${value.value.trim()}` : '';
    state.crossOnly = cross.checked;
    setParams({ since: state.since, until: state.until, where: state.where, 'cross-only': state.crossOnly });
    show();
  });

  function show() {
    clear(result);
    const params = { since: state.since, until: state.until, where: state.where || null };
    const svgBox = h('div', { class: 'card' });
    const statsSlot = h('div');
    const tables = h('div');
    const filterText = [state.since && `from ${state.since}`, state.until && `until ${state.until}`, state.where && `people with ${state.where}`].filter(Boolean).join(', ') || 'all moves, everyone';
    result.append(h('p', { class: 'muted', role: 'status' }, `Showing: ${filterText}.`), statsSlot, svgBox, tables);
    load(svgBox, () => request('flows', { ...params, 'cross-only': state.crossOnly, format: 'svg' }, { signal, as: 'text' }),
      (svg) => {
        const f = document.createDocumentFragment();
        f.append(h('h2', 'Flows between tracks'), embedSvg(svg, `Sankey diagram of flows between tracks (${filterText})`, { wide: true }));
        return f;
      },
      { text: 'Drawing the flows…' });
    load(tables, () => Promise.all([request('flows', params, { signal }), framework(signal)]), ([d, fx]) => renderTables(d, fx, statsSlot), { text: 'Counting the flows…' });
  }
  show();
}

function renderTables(d, fx, statsSlot) {
  const frag = document.createDocumentFragment();
  clear(statsSlot);
  statsSlot.append(h('div', { class: 'stats' },
    stat('People', int(d.people)),
    stat('Moves', int(d.total)),
    stat('Still in a role', int(d.censored), 'careers not ended (censored)')));
  if (!d.total) {
    statsSlot.append(h('p', { class: 'notice' }, 'No moves match these filters.'));
  }
  const tn = (id) => fx.name(id);
  const tracks = d.tracks && d.tracks.length ? d.tracks : [...new Set((d.track_matrix || []).map((r) => r.from))];
  const cell = (from, to) => (d.track_matrix || []).find((r) => r.from === from && r.to === to);
  frag.append(h('section', { class: 'card' }, h('h2', 'Track to track'),
    h('p', { class: 'hint' }, 'Each row: the moves out of a role on that track, by the track of the next role (share of the row). Within a track: promotions (up) and step backs.'),
    table({
      caption: 'Moves from each track (rows) to each track (columns)',
      stack: false,
      className: 'matrix',
      columns: [
        { label: 'From', render: (from) => tn(from) },
        ...tracks.map((to) => ({
          label: `→\u00a0${tn(to)}`,
          num: true,
          render: (from) => {
            const c = cell(from, to);
            if (!c || !c.count) return h('span', { class: 'muted' }, '0');
            return [h('strong', int(c.count)), h('span', { class: 'cell-sub' }, pct(c.share)),
              from === to && (c.promotions || c.step_backs) ? h('span', { class: 'cell-sub' }, `${int(c.promotions)} up · ${int(c.step_backs)} back`) : null];
          },
        })),
      ],
      rows: tracks,
    })));
  frag.append(h('details', { class: 'card' }, h('summary', h('h2', { class: 'summary-h' }, `Crossings between tracks, by role (${(d.cross_track || []).length})`)), table({
    caption: 'Cross-track moves by role and level',
    columns: [
      { label: 'From role', render: (r) => `${tn(r.from_role)} (${tn(r.from)} L${r.from_level})` },
      { label: 'To role', render: (r) => `${tn(r.to_role)} (${tn(r.to)} L${r.to_level})` },
      { label: 'People', num: true, render: (r) => int(r.count) },
      { label: 'Share of crossings', num: true, render: (r) => pct(r.share) },
    ],
    rows: d.cross_track || [],
    empty: 'No crossings between tracks.',
  })));
  frag.append(h('div', { class: 'grid-2 align-start' },
    h('details', { class: 'card' }, h('summary', h('h2', { class: 'summary-h' }, `Entries, by role (${(d.entries || []).length})`)), table({
      caption: 'Entries by role',
      columns: [
        { label: 'From', render: (r) => tn(r.from) },
        { label: 'Into role', render: (r) => `${tn(r.to_role)} (${tn(r.to)} L${r.to_level})` },
        { label: 'People', num: true, render: (r) => int(r.count) },
        { label: 'Share', num: true, render: (r) => pct(r.share) },
      ],
      rows: d.entries || [],
    })),
    h('details', { class: 'card' }, h('summary', h('h2', { class: 'summary-h' }, `Exits, by role (${(d.exits || []).length})`)), table({
      caption: 'Exits by role',
      columns: [
        { label: 'From role', render: (r) => `${tn(r.from_role)} (${tn(r.from)} L${r.from_level})` },
        { label: 'To', render: (r) => tn(r.to) },
        { label: 'People', num: true, render: (r) => int(r.count) },
        { label: 'Share', num: true, render: (r) => pct(r.share) },
      ],
      rows: d.exits || [],
    }))));
  return frag;
}

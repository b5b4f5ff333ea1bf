// Tenure view: time in role (Kaplan–Meier survival, competing risks by destination), the curves
// as SVG from the server and the median and quartiles as tables.
import { h, clear, field, select, table } from '../dom.js';
import { request } from '../api.js';
import { framework } from '../model.js';
import { load, embedSvg, stat, errorBox, spinner } from '../ui.js';
import { int, num, fix, pct, DATE_PATTERN } from '../format.js';

export default function tenureView(el, route, { signal, setParams }) {
  const p = route.params;
  const state = {
    scope: p.get('role') ? `role:${p.get('role')}` : p.get('track') ? `track:${p.get('track')}` : '',
    byDest: p.get('by-destination') === 'true',
    level: p.get('level') || 'track',
    unit: p.get('unit') || 'years',
    asOf: p.get('as-of') || '',
  };
  el.append(h('h1', 'Tenure'), h('p', { class: 'lede' }, 'How long people stay in a role before they move on: Kaplan–Meier survival of role spells, ongoing spells counted as still in the role (censored). With “where people go”, the cumulative incidence of each destination (competing risks).'));
  const formBox = h('div', { class: 'card' }, spinner());
  const result = h('div');
  el.append(formBox, result);

  framework(signal).then((fx) => {
    clear(formBox);
    const scope = select([
      { value: '', label: 'All roles' },
      { label: 'Whole tracks', options: fx.fw.tracks.map((t) => ({ value: `track:${t.id}`, label: `${t.name} track` })) },
      ...fx.fw.tracks.map((t) => ({ label: `${t.name} roles`, options: t.roles.map((id) => ({ value: `role:${id}`, label: fx.name(id) })) })),
    ], state.scope, { name: 'scope' });
    const byDest = h('input', { type: 'checkbox', name: 'by-destination', checked: state.byDest });
    const level = select([{ value: 'track', label: 'by track' }, { value: 'role', label: 'by role' }], state.level, { name: 'level', disabled: !state.byDest });
    const unit = select([{ value: 'years', label: 'years' }, { value: 'months', label: 'months' }, { value: 'days', label: 'days' }], state.unit, { name: 'unit' });
    const asOf = h('input', { type: 'text', name: 'as-of', value: state.asOf, placeholder: 'YYYY-MM-DD', pattern: DATE_PATTERN, class: 'narrow', autocomplete: 'off' });
    byDest.addEventListener('change', () => { level.disabled = !byDest.checked; });
    const formError = h('div', { role: 'alert', class: 'form-error', hidden: true });
    const form = h('form', { class: 'controls', 'aria-label': 'Which spells', novalidate: true },
      field('Spells in', scope),
      h('div', { class: 'field field-check' }, h('label', { class: 'check' }, byDest, 'Where people go (competing risks)')),
      field('Destinations', level),
      field('Unit', unit),
      field('As of', asOf, 'Default: the latest date in the data'),
      h('div', { class: 'field field-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));
    formBox.append(form, formError);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      asOf.value = asOf.value.trim();
      if (asOf.value && !new RegExp(`^${DATE_PATTERN}$`).test(asOf.value)) {
        formError.hidden = false;
        formError.textContent = `“${asOf.value}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.`;
        asOf.setAttribute('aria-invalid', 'true');
        asOf.focus();
        return;
      }
      asOf.removeAttribute('aria-invalid');
      formError.hidden = true;
      Object.assign(state, { scope: scope.value, byDest: byDest.checked, level: level.value, unit: unit.value, asOf: asOf.value });
      show(fx);
    });
    show(fx);
  }).catch((e) => {
    if (e.name === 'AbortError') return;
    clear(formBox);
    formBox.append(errorBox(e, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
  });

  function show(fx) {
    const [kind, id] = state.scope ? state.scope.split(':') : [null, null];
    const params = {
      role: kind === 'role' ? id : null,
      track: kind === 'track' ? id : null,
      'by-destination': state.byDest,
      level: state.byDest ? state.level : null,
      unit: state.unit !== 'years' ? state.unit : null,
      'as-of': state.asOf || null,
    };
    setParams(params);
    clear(result);
    const what = kind === 'role' ? fx.name(id) : kind === 'track' ? `the ${fx.name(id)} track` : 'all roles';
    const svgBox = h('section', { class: 'card' });
    const statsSlot = h('div');
    const tables = h('div');
    result.append(statsSlot, svgBox, tables);
    load(svgBox, () => request('tenure', { ...params, format: 'svg' }, { signal, as: 'text' }), (svg) => {
      const f = document.createDocumentFragment();
      f.append(h('h2', state.byDest ? `Where people go from ${what}` : `Time in ${what}`),
        embedSvg(svg, state.byDest ? `Cumulative incidence of each destination, spells in ${what}` : `Kaplan–Meier survival curve of time in ${what}`));
      return f;
    }, { text: 'Drawing the curves…' });
    load(tables, () => request('tenure', params, { signal }), (d) => renderTables(fx, d, what, statsSlot), { text: 'Estimating…' });
  }
}

function renderTables(fx, d, what, statsSlot) {
  const unit = d.unit || 'years';
  const frag = document.createDocumentFragment();
  const q = (pc) => (d.quantiles || []).find((x) => x.percent === pc);
  clear(statsSlot);
  statsSlot.append(h('div', { class: 'stats' },
    stat('Spells', int(d.n)),
    stat('Ended (events)', int(d.events)),
    stat('Ongoing (censored)', int(d.censored), `as of ${d.as_of}`),
    stat('Median time in role', d.median != null ? `${fix(d.median, 1)} ${unit}` : 'not reached', q(50) && q(50).lower != null ? `95 % CI ${fix(q(50).lower, 1)}–${q(50).upper == null ? '…' : fix(q(50).upper, 1)}` : null)));
  frag.append(h('section', { class: 'card' }, h('h2', `Median and quartiles, ${what}`), table({
    caption: `Time in role, ${what} (${unit}), with 95 % intervals`,
    columns: [
      { label: 'Quantile', render: (r) => (r.percent === 50 ? 'Median (50 % have moved on)' : `${r.percent} % have moved on`) },
      { label: `Time (${unit})`, num: true, render: (r) => fix(r.time, 2) },
      { label: '95 % interval', num: true, render: (r) => (r.lower != null || r.upper != null ? `${fix(r.lower, 2)} – ${r.upper == null ? 'not reached' : fix(r.upper, 2)}` : '—') },
    ],
    rows: d.quantiles || [],
  })));
  if (d.by_role && d.by_role.length) {
    frag.append(h('section', { class: 'card' }, h('h2', 'By role'), table({
      caption: `Median and quartiles of time in each role (${unit})`,
      columns: [
        { label: 'Role', render: (r) => h('a', { href: `#/tenure?role=${encodeURIComponent(r.role)}` }, fx.name(r.role)) },
        { label: 'Track', render: (r) => fx.name(r.track) },
        { label: 'Spells', num: true, render: (r) => int(r.n) },
        { label: 'Ended', num: true, render: (r) => int(r.events) },
        { label: '25 %', num: true, render: (r) => fix(((r.quantiles || []).find((x) => x.percent === 25) || {}).time, 2) },
        { label: 'Median', num: true, render: (r) => fix(r.median, 2) },
        { label: '75 %', num: true, render: (r) => fix(((r.quantiles || []).find((x) => x.percent === 75) || {}).time, 2) },
      ],
      rows: d.by_role,
    })));
  }
  if (d.causes && d.causes.length) {
    frag.append(h('section', { class: 'card' }, h('h2', 'Where people go'), table({
      caption: `Destinations of people leaving ${what}: cumulative incidence by the end of follow-up`,
      columns: [
        { label: 'Destination', render: (r) => fx.name(r.cause) },
        { label: 'People', num: true, render: (r) => int(r.events) },
        { label: 'Cumulative incidence', num: true, render: (r) => pct(r.incidence) },
      ],
      rows: [...d.causes].sort((a, b) => b.incidence - a.incidence),
    })));
  }
  if (d.at_risk && d.at_risk.length) {
    frag.append(h('details', { class: 'card' }, h('summary', 'Number at risk'), table({
      caption: `Spells still in the role (at risk) and survival at each time (${unit})`,
      columns: [
        { label: `Time (${unit})`, render: (r) => fix(r.time, 1) },
        { label: 'At risk', num: true, render: (r) => int(r.at_risk) },
        { label: 'Still in the role', num: true, render: (r) => pct(r.survival) },
        { label: '95 % interval', num: true, render: (r) => (r.lower != null ? `${pct(r.lower)} – ${pct(r.upper)}` : '—') },
      ],
      rows: d.at_risk,
    })));
  }
  return frag;
}

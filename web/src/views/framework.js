// Framework view: the tracks as swim lanes, the observed moves as arrows, a panel per role.
import { h, clear, field, table, announce } from '../dom.js';
import { request } from '../api.js';
import { framework, summary, transitions } from '../model.js';
import { drawGraph } from '../graph.js';
import { KINDS, KIND, kindBadge, load, embedSvg, spinner, errorBox } from '../ui.js';
import { int, pct, num } from '../format.js';

/** Observed role-level moves plus the framework's moves nobody made (count 0). */
export function mergeEdges(fw, moves) {
  const seen = new Set(moves.map((m) => `${m.from}>${m.to}`));
  const extra = (fw.moves || [])
    .filter((m) => !seen.has(`${m.from}>${m.to}`))
    .map((m) => ({ from: m.from, to: m.to, kind: m.kind, count: 0, listed: true, typical: !!m.typical }));
  return [...moves, ...extra];
}

export default function frameworkView(el, route, { signal, setParams }) {
  const state = {
    role: route.params.get('role') || null,
    min: Number(route.params.get('min') ?? 5),
    kinds: new Set((route.params.get('kinds') || 'promotion,step-back,cross-track,exit').split(',').filter((k) => KIND[k])),
  };
  const title = h('h1', 'Framework');
  const intro = h('p', { class: 'lede' }, 'Loading the active framework…');
  const controls = h('form', { class: 'controls', 'aria-label': 'What the graph shows', onSubmit: (e) => e.preventDefault() });
  const graphBox = h('div', { class: 'graph-box card' });
  const panel = h('aside', { class: 'role-panel card', 'aria-label': 'Role details' });
  const movesBox = h('div');
  el.append(title, intro, controls, h('div', { class: 'split' }, graphBox, panel), movesBox);

  let data = null;
  let focusAfterDraw = null;
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.role) {
      const id = state.role;
      select(null, false);
      graphBox.querySelector(`.node[data-role="${CSS.escape(id)}"]`)?.focus();
    }
  });

  const draw = () => {
    if (!data) return;
    const { fx, edges, holders } = data;
    clear(graphBox);
    const g = drawGraph(fx, {
      edges,
      minCount: state.min,
      kinds: state.kinds,
      holders,
      selected: state.role,
      onSelect: (id) => select(id, true),
      label: `${fx.fw.name}: tracks as lanes, roles by level, moves between roles as arrows (width: people who moved)`,
    });
    graphBox.append(
      h('h2', { class: 'visually-hidden' }, 'Tracks, roles and moves'),
      g,
      h('p', { class: 'hint' }, 'Arrow width: how many people made the move. Dashed: a move in the framework that nobody made. Stubs on the sides of a role: entries (left) and exits (right). Select a role for details.'),
    );
    if (focusAfterDraw) {
      const n = graphBox.querySelector(`.node[data-role="${CSS.escape(focusAfterDraw)}"]`);
      if (n) n.focus();
      focusAfterDraw = null;
    }
    clear(movesBox);
    const shown = g.shownEdges;
    movesBox.append(h('details', { class: 'card moves-details' },
      h('summary', `The ${shown.length} moves drawn, as a table`),
      table({
        caption: 'Moves between roles drawn on the graph',
        columns: [
          { label: 'From', render: (m) => fx.name(m.from) },
          { label: 'To', render: (m) => fx.name(m.to) },
          { label: 'Kind', render: (m) => kindBadge(m.kind) },
          { label: 'People', num: true, render: (m) => int(m.count) },
          { label: 'Share of moves out', num: true, render: (m) => (m.rate != null ? pct(m.rate) : '—') },
          { label: 'In framework', render: (m) => (m.listed ? (m.typical ? 'yes, typical' : 'yes') : 'no') },
        ],
        rows: shown,
      })));
  };

  const renderPanel = () => {
    clear(panel);
    if (!data) return;
    const { fx, edges, sum } = data;
    if (!state.role || !fx.roles.has(state.role)) {
      panel.append(h('h2', 'Roles'), h('p', 'Select a role in the graph (click it, or Tab to it and press Enter) to see its competencies, job titles, holders, moves and time in role.'),
        h('ul', { class: 'role-list' }, fx.fw.tracks.map((t) => h('li', h('strong', t.name), ': ',
          t.roles.map((id, i) => [i ? ' → ' : '', h('a', { href: `#/framework?role=${encodeURIComponent(id)}`, onClick: (e) => { e.preventDefault(); select(id, false); } }, fx.name(id))])))));
      return;
    }
    const r = fx.roles.get(state.role);
    const t = fx.tracks.get(r.track);
    const row = (sum || []).find((x) => x.role === r.id);
    const closeBtn = h('button', { type: 'button', class: 'btn btn-small close', 'aria-label': `Close details of ${r.name}`, onClick: () => select(null, false) }, '×');
    panel.append(
      h('div', { class: 'panel-head' }, h('h2', { tabindex: '-1' }, r.name), closeBtn),
      h('p', { class: 'muted' }, h('span', { class: 'track-dot', style: { background: t.color }, 'aria-hidden': 'true' }), `${t.name} track · level ${r.level}`),
      r.description ? h('p', r.description) : null,
    );
    panel.append(h('h3', 'Holders'));
    if (row) {
      panel.append(h('dl', { class: 'facts' },
        h('dt', 'In the role now'), h('dd', int(row.current)),
        h('dt', 'People who held it'), h('dd', int(row.people_ever)),
        h('dt', 'Spells'), h('dd', int(row.spells)),
        h('dt', 'Mean years (ended spells)'), h('dd', num(row.mean_years_completed))));
    } else {
      panel.append(h('p', { class: 'muted' }, data.sumError ? `Headcount unavailable: ${data.sumError.message}` : 'Nobody has held this role.'));
    }
    panel.append(h('h3', 'Job titles that mean this role'));
    panel.append(r.aliases && r.aliases.length ? h('ul', { class: 'chips' }, r.aliases.map((a) => h('li', a))) : h('p', { class: 'muted' }, 'No aliases.'));

    panel.append(h('h3', 'Competencies asked for'));
    const req = Object.entries(r.requires || {});
    if (!req.length) panel.append(h('p', { class: 'muted' }, 'None listed.'));
    else {
      const sorted = req.sort((a, b) => {
        const ga = (fx.competencies.get(a[0]) || {}).group || '';
        const gb = (fx.competencies.get(b[0]) || {}).group || '';
        return gb.localeCompare(ga) || b[1] - a[1];
      });
      panel.append(h('ul', { class: 'comp-list' }, sorted.map(([cid, lv]) => {
        const c = fx.competencies.get(cid) || { name: cid };
        const lo = c.scale ? c.scale[0] : 1;
        const hi = c.scale ? c.scale[1] : 5;
        const dots = [];
        for (let i = lo; i <= hi; i++) dots.push(h('i', { class: i <= lv ? 'on' : '' }));
        return h('li',
          h('div', { class: 'comp-head' }, h('strong', c.name), h('span', { class: 'muted' }, c.group || ''),
            h('span', { class: 'comp-level' }, h('span', { class: 'dots', 'aria-hidden': 'true' }, dots), `level ${lv} of ${hi}`)),
          c.levels && c.levels[lv - lo] ? h('p', c.levels[lv - lo]) : null);
      })));
    }
    const out = edges.filter((m) => m.from === r.id && m.count > 0).sort((a, b) => b.count - a.count);
    const inn = edges.filter((m) => m.to === r.id && m.count > 0).sort((a, b) => b.count - a.count);
    panel.append(h('h3', 'Where people go next'), table({
      caption: `Moves out of ${r.name}`,
      columns: [
        { label: 'To', render: (m) => fx.name(m.to) },
        { label: 'Kind', render: (m) => kindBadge(m.kind) },
        { label: 'People', num: true, render: (m) => int(m.count) },
        { label: 'Share', num: true, render: (m) => pct(m.rate) },
      ],
      rows: out,
      stack: false,
      empty: 'Nobody has left this role yet.',
    }));
    panel.append(h('h3', 'Where people come from'), table({
      caption: `Moves into ${r.name}`,
      columns: [
        { label: 'From', render: (m) => fx.name(m.from) },
        { label: 'Kind', render: (m) => kindBadge(m.kind) },
        { label: 'People', num: true, render: (m) => int(m.count) },
      ],
      rows: inn,
      empty: 'Nobody has moved into this role.',
    }));
    panel.append(h('h3', 'Time in role'));
    const curve = h('div', { class: 'tenure-mini' });
    panel.append(curve, h('p', h('a', { href: `#/tenure?role=${encodeURIComponent(r.id)}` }, `Tenure details for ${r.name}`), ' · ',
      h('a', { href: `#/person/commenter?to=${encodeURIComponent(r.id)}` }, `Plan a way to ${r.name}`)));
    load(curve, () => request('tenure', { role: r.id, level: 'role', format: 'svg' }, { signal, as: 'text' }),
      (svg) => embedSvg(svg, `Time in role for ${r.name}: Kaplan–Meier survival curve`), { text: 'Loading the tenure curve…' });
  };

  function select(id, fromGraph) {
    state.role = id;
    syncParams();
    if (fromGraph) focusAfterDraw = id;
    draw();
    renderPanel();
    if (id) {
      announce(`Showing details of ${data.fx.name(id)}`);
      if (!fromGraph) panel.querySelector('h2')?.focus();
      if (window.matchMedia('(max-width: 900px)').matches) panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
    } else {
      const n = graphBox.querySelector('.node');
      if (n && !fromGraph && document.activeElement === document.body) n.focus();
    }
  }

  function syncParams() {
    setParams({ role: state.role, min: state.min !== 5 ? state.min : null, kinds: [...state.kinds].join(',') !== 'promotion,step-back,cross-track,exit' ? [...state.kinds].join(',') || 'none' : null });
  }

  // controls
  const kindBoxes = h('fieldset', { class: 'kinds' }, h('legend', 'Moves to draw'),
    KINDS.map((k) => {
      const cb = h('input', { type: 'checkbox', value: k.id, checked: state.kinds.has(k.id), onChange: (e) => {
        if (e.target.checked) state.kinds.add(k.id); else state.kinds.delete(k.id);
        syncParams();
        draw();
      } });
      return h('label', { class: 'check' }, cb, h('span', { class: 'swatch', style: { background: k.color }, 'aria-hidden': 'true' }), k.label);
    }));
  const minInput = h('input', { type: 'number', min: '0', step: '1', value: String(state.min), inputmode: 'numeric', class: 'narrow', onInput: (e) => {
    const v = Number(e.target.value);
    if (Number.isFinite(v) && v >= 0) { state.min = v; syncParams(); draw(); }
  } });
  controls.append(kindBoxes, field('At least this many people', minInput, 'Hide rarer moves'));
  panel.append(spinner());
  graphBox.append(spinner('Loading the framework and the observed moves…'));

  Promise.all([framework(signal), transitions(signal, { level: 'role' })])
    .then(async ([fx, tr]) => {
      intro.textContent = '';
      intro.append(h('strong', fx.fw.name), ` (${fx.fw.id} v${fx.fw.version}): ${fx.fw.tracks.length} tracks, ${fx.fw.roles.length} roles; arrows show how ${int(tr.people)} people really moved (${int(tr.total)} moves).`);
      if (fx.fw.description) intro.after(h('details', { class: 'about' }, h('summary', 'About this framework'), h('p', fx.fw.description), fx.fw.source ? h('p', { class: 'muted' }, `Source: ${fx.fw.source}`) : null));
      let sum = null;
      let sumError = null;
      try {
        sum = await summary(signal);
      } catch (e) {
        if (e.name === 'AbortError') throw e;
        sumError = e;
      }
      const holders = sum ? new Map(sum.filter((x) => x.level !== null).map((x) => [x.role, x.current])) : undefined;
      data = { fx, edges: mergeEdges(fx.fw, tr.moves || []), sum, sumError, holders };
      draw();
      renderPanel();
    })
    .catch((e) => {
      if (e.name === 'AbortError') return;
      intro.textContent = 'The framework could not be loaded.';
      clear(graphBox);
      clear(panel);
      graphBox.append(errorBox(e, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
      panel.append(h('p', { class: 'muted' }, 'No role details without the framework.'));
    });
}


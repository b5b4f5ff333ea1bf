// Person view: pick a person; their timeline, likely next moves, a planner (paths to a target
// role, listed and drawn on the framework graph) and their competency gaps for a role.
import { h, append, clear, field, select, table, announce } from '../dom.js';
import { request } from '../api.js';
import { framework, roleOptions } from '../model.js';
import { drawGraph } from '../graph.js';
import { timeline, probBar, gapChart, responsive } from '../charts.js';
import { load, kindBadge, stat, spinner, errorBox, legend } from '../ui.js';
import { int, pct, num, fix, duration, yearOf } from '../format.js';

const PAGE = 50;

export default function personView(el, route, ctx) {
  const id = route.args[0];
  el.append(h('h1', id ? `Person ${id}` : 'People'));
  el.append(picker(id, ctx));
  if (!id) {
    el.append(h('p', { class: 'lede' }, 'Choose a person to see their career, where it can go next, the likely ways to a role they aim for and what they lack for it. ',
      h('a', { href: '#/person/commenter' }, 'The seed’s commenter'), ' (helpdesk → senior admin → IT manager, thinking about architecture) is a good start.'));
    el.append(peopleList(ctx, Number(route.params.get('offset') || 0)));
    return;
  }
  personPage(el, id, route, ctx);
}

function picker(id, { signal }) {
  const input = h('input', { type: 'search', name: 'person', value: id || '', placeholder: 'e.g. commenter', list: 'person-ids', autocomplete: 'off', spellcheck: 'false', required: true });
  const list = h('datalist', { id: 'person-ids' });
  const form = h('form', { class: 'picker', role: 'search', 'aria-label': 'Open a person' },
    field('Person ID', input),
    list,
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Open'),
    id ? h('a', { href: '#/person', class: 'btn' }, 'All people') : null);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) window.location.hash = `#/person/${encodeURIComponent(v)}`;
  });
  request('people', { limit: 200 }, { signal }).then((people) => {
    people.forEach((p) => list.append(h('option', { value: p.person_id }, `${p.last_role} · ${p.status}`)));
  }).catch(() => { /* suggestions are optional */ });
  return form;
}

function peopleList({ signal, setParams }, offset0) {
  const box = h('section', { class: 'card' });
  let offset = offset0;
  const show = () => {
    setParams({ offset: offset || null });
    load(box, () => Promise.all([request('people', { limit: PAGE, offset }, { signal }), framework(signal)]), ([people, fx]) => {
      const frag = document.createDocumentFragment();
      frag.append(h('h2', 'People'));
      frag.append(table({
        caption: `People ${offset + 1}–${offset + people.length}`,
        columns: [
          { label: 'Person', render: (p) => h('a', { href: `#/person/${encodeURIComponent(p.person_id)}` }, p.person_id) },
          { label: 'Current or last role', render: (p) => fx.name(p.last_role) },
          { label: 'Title', render: (p) => p.last_title || '—' },
          { label: 'Status', render: (p) => p.status },
          { label: 'Spells', num: true, render: (p) => int(p.spells) },
          { label: 'First start', render: (p) => p.first_start },
        ],
        rows: people,
        empty: 'Nobody in the store yet: import careers on the Import page.',
      }));
      const prev = h('button', { type: 'button', class: 'btn', disabled: offset === 0, onClick: () => { offset = Math.max(0, offset - PAGE); show(); } }, '← Previous');
      const next = h('button', { type: 'button', class: 'btn', disabled: people.length < PAGE, onClick: () => { offset += PAGE; show(); } }, 'Next →');
      frag.append(h('nav', { class: 'pager', 'aria-label': 'Pages of people' }, prev, h('span', { class: 'muted' }, `${offset + 1}–${offset + people.length}`), next));
      return frag;
    }, { text: 'Loading people…' });
  };
  show();
  return box;
}

function personPage(el, id, route, { signal, setParams }) {
  const head = h('div', { class: 'person-head' });
  const tl = h('section', { class: 'card' });
  const next = h('section', { class: 'card' });
  const plan = h('section', { class: 'card planner' });
  const gaps = h('section', { class: 'card' });
  el.append(head, tl, next, plan, gaps);
  head.append(spinner('Loading the person…'));

  const enc = encodeURIComponent(id);
  const personP = request(`people/${enc}`, {}, { signal });
  const nextP = request('next', { person: id }, { signal });
  const fxP = framework(signal);
  personP.catch(() => {});
  nextP.catch(() => {});

  const state = {
    to: route.params.get('to') || '',
    k: Number(route.params.get('k') || 5),
    maxSteps: route.params.get('max-steps') || '',
    gaps: route.params.get('gaps') || '',
  };
  const sync = () => setParams({ to: state.to, k: state.k !== 5 ? state.k : null, 'max-steps': state.maxSteps, gaps: state.gaps && state.gaps !== state.to ? state.gaps : null });

  Promise.all([personP, fxP]).then(async ([person, fx]) => {
    clear(head);
    const spells = person.timeline.filter((t) => fx.roles.has(t.role));
    const cur = spells.length ? spells[spells.length - 1] : null;
    const ongoing = cur && (!cur.end || cur.end === 'ongoing');
    const gone = person.timeline.find((t) => !fx.roles.has(t.role));
    append(head, [h('p', { class: 'lede' },
      cur ? (ongoing ? ['Now ', h('strong', fx.name(cur.role)), ` (${fx.name(cur.track)} track, level ${cur.level})${cur.title ? `, titled “${cur.title}”` : ''}, since ${cur.start}.`]
        : ['Last role ', h('strong', fx.name(cur.role)), `, until ${cur.end}${gone ? `; then ${fx.name(gone.role)}` : ''}.`]) : 'No spells recorded.'),
    Object.keys(person.attributes || {}).length ? h('ul', { class: 'chips', 'aria-label': 'Attributes' }, Object.entries(person.attributes).map(([k, v]) => h('li', `${k}: ${v}`))) : null]);

    // timeline (needs the as-of date for ongoing spells: from the next-move answer)
    clear(tl);
    tl.append(h('h2', 'Career timeline'));
    const chart = h('div');
    tl.append(chart);
    let asOf = null;
    if (ongoing) {
      try {
        const n = await nextP;
        if (n && n.time_in_role != null && (n.unit || 'years') === 'years') asOf = yearOf(cur.start) + n.time_in_role;
      } catch { /* fall back to today */ }
    }
    if (asOf == null) { const d = new Date(); asOf = d.getFullYear() + d.getMonth() / 12; }
    if (spells.length) {
      const drawing = h('div');
      chart.append(drawing, legend(fx.fw.tracks.map((t) => ({ label: t.name, color: fx.tracks.get(t.id).color }))));
      responsive(drawing, (w) => timeline(fx, person, asOf, w), signal);
    } else chart.append(h('p', { class: 'muted' }, 'No spells in a role of the framework.'));
    tl.append(h('details', { class: 'spells-details' }, h('summary', 'Spells and assessments as tables'),
      table({
        caption: `Spells of ${id}`,
        columns: [
          { label: 'Start', render: (t) => t.start },
          { label: 'End', render: (t) => t.end || '—' },
          { label: 'Years', num: true, render: (t) => fix(t.years, 1) },
          { label: 'Role', render: (t) => fx.name(t.role) },
          { label: 'Track', render: (t) => fx.name(t.track) },
          { label: 'Title', render: (t) => t.title || '—' },
          { label: 'Move', render: (t) => kindBadge(t.move) },
        ],
        rows: person.timeline,
      }),
      table({
        caption: `Competency assessments of ${id}`,
        columns: [
          { label: 'Competency', render: (a) => fx.name(a.competency) },
          { label: 'Level', num: true, render: (a) => num(a.level) },
          { label: 'Date', render: (a) => a.date },
          { label: 'Source', render: (a) => a.source || '—' },
        ],
        rows: person.assessments || [],
        empty: 'No assessments.',
      })));

    // planner and gaps need the framework and the current role
    const current = cur ? cur.role : null;
    if (!state.to || !fx.roles.has(state.to)) state.to = defaultTarget(fx, current);
    if (!state.gaps || !fx.roles.has(state.gaps)) state.gaps = state.to;
    planner(plan, fx, id, current, state, sync, signal, (role) => { state.gaps = role; gapsSelect.value = role; showGaps(); });
    const gapsSelect = select(roleOptions(fx), state.gaps, { name: 'gaps-role' });
    const gapsOut = h('div');
    const showGaps = () => {
      sync();
      load(gapsOut, () => request('gaps', { person: id, role: state.gaps }, { signal }), (g) => renderGaps(fx, g, signal), { text: 'Comparing competencies…' });
    };
    gapsSelect.addEventListener('change', () => { state.gaps = gapsSelect.value; showGaps(); });
    clear(gaps);
    gaps.append(h('h2', 'Competency gaps'), h('form', { class: 'controls inline', onSubmit: (e) => e.preventDefault() }, field('For the role', gapsSelect)), gapsOut);
    showGaps();
  }).catch((e) => {
    if (e.name === 'AbortError') return;
    clear(head);
    [tl, plan, gaps].forEach(clear);
    head.append(errorBox(e, () => window.dispatchEvent(new HashChangeEvent('hashchange'))));
    tl.remove(); plan.remove(); gaps.remove();
  });

  // next moves
  load(next, () => Promise.all([nextP, fxP]), ([n, fx]) => renderNext(fx, n, (role) => {
    const sel = plan.querySelector('select[name="to"]');
    if (sel) { sel.value = role; plan.querySelector('form').requestSubmit(); plan.scrollIntoView({ behavior: 'smooth' }); }
  }), { text: 'Estimating next moves…' });
  plan.append(h('h2', 'Plan a way to a role'), spinner());
  gaps.append(h('h2', 'Competency gaps'), spinner());
}

function defaultTarget(fx, current) {
  if (fx.roles.has('infrastructure-architect') && current !== 'infrastructure-architect') return 'infrastructure-architect';
  const r = current && fx.roles.get(current);
  if (r) {
    const t = fx.fw.tracks.find((x) => x.id === r.track);
    const top = t && t.roles[t.roles.length - 1];
    if (top && top !== current) return top;
  }
  return fx.fw.roles.find((x) => x.id !== current)?.id || fx.fw.roles[0].id;
}

function renderNext(fx, n, planTo) {
  const frag = document.createDocumentFragment();
  const unit = n.unit || 'years';
  frag.append(h('h2', 'Likely next moves'));
  frag.append(h('div', { class: 'stats' },
    stat('In the role', fx.name(n.role)),
    stat('Time in role so far', duration(n.time_in_role, unit)),
    stat('Median time to a move', duration(n.median_time_to_move, unit), `from ${int(n.spells)} spells in ${fx.name(n.role)}, ${int(n.left)} ended`),
    stat(`Leaves within ${num(n.period, 0)} ${unit.replace(/s$/, '')}`, pct(n.leave_within_period), 'given the time so far')));
  frag.append(table({
    caption: `Where ${n.person || 'this person'} is likely to go next from ${fx.name(n.role)} (probabilities with 95 % intervals)`,
    columns: [
      { label: 'Next', render: (m) => fx.name(m.to) },
      { label: 'Kind', render: (m) => kindBadge(m.kind) },
      { label: 'Probability (95 % interval)', render: (m) => probBar(m.probability, m.lower, m.upper) },
      { label: 'People who did', num: true, render: (m) => int(m.observed) },
      { label: `Median time at move`, num: true, render: (m) => duration(m.median_at_move, unit) },
      { label: 'Readiness', num: true, render: (m) => (m.gap && m.gap.readiness != null ? `${num(m.gap.readiness, 0)} / 100` : '—') },
      { label: 'In framework', render: (m) => (m.listed ? (m.typical ? 'typical' : 'listed') : 'no') },
      { label: 'Plan', rowHeader: false, render: (m) => (fx.roles.has(m.to) ? h('button', { type: 'button', class: 'btn btn-small', onClick: () => planTo(m.to), 'aria-label': `Plan a way to ${fx.name(m.to)}` }, 'Plan') : '') },
    ],
    rows: n.moves || [],
    empty: 'No moves out of this role have been observed.',
  }));
  return frag;
}

function planner(box, fx, id, current, state, sync, signal, onTarget) {
  clear(box);
  const to = select(roleOptions(fx), state.to, { name: 'to', required: true });
  const k = h('input', { type: 'number', name: 'k', min: '1', max: '20', step: '1', value: String(state.k), class: 'narrow', inputmode: 'numeric' });
  const maxSteps = h('input', { type: 'number', name: 'max-steps', min: '1', max: '20', step: '1', value: state.maxSteps, class: 'narrow', placeholder: 'any', inputmode: 'numeric' });
  const form = h('form', { class: 'controls inline' },
    field('Target role', to),
    field('Paths', k, 'How many (k)'),
    field('At most steps', maxSteps),
    h('div', { class: 'field field-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Find paths')));
  const out = h('div', { class: 'plan-out' });
  box.append(h('h2', 'Plan a way to a role'),
    h('p', { class: 'muted' }, current ? `From ${fx.name(current)}: the most likely paths to the target, the chance of ever getting there and how long it takes, from how people really moved.` : 'This person has no current role.'),
    form, out);
  const run = () => {
    state.to = to.value;
    state.k = Math.max(1, Math.min(20, Number(k.value) || 5));
    state.maxSteps = maxSteps.value;
    sync();
    load(out, () => request('plan', { person: id, to: state.to, k: state.k, 'max-steps': state.maxSteps || null }, { signal }),
      (p) => renderPlan(fx, p), { text: 'Searching for paths…' }).then((p) => {
      if (p) announce(`${p.paths.length} paths to ${fx.name(state.to)}`);
    });
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); onTarget(to.value); });
  run();
}

function renderPlan(fx, p) {
  const frag = document.createDocumentFragment();
  const unit = p.unit || 'years';
  frag.append(h('div', { class: 'stats' },
    stat('From', fx.name(p.from)),
    stat('To', fx.name(p.to)),
    stat('Chance of ever getting there', pct(p.reach_probability)),
    stat('Expected time, if reached', duration(p.expected_time_to_reach, unit))));
  if (!p.paths || !p.paths.length) {
    frag.append(h('p', { class: 'notice' }, `No path from ${fx.name(p.from)} to ${fx.name(p.to)} has been observed.`));
    return frag;
  }
  const graphBox = h('div', { class: 'plan-graph' });
  let selected = 0;
  const items = [];
  const stepLists = [];
  const drawIt = () => {
    clear(graphBox);
    graphBox.append(h('h3', `Path ${p.paths[selected].rank} on the framework`),
      drawGraph(fx, {
        edges: [],
        highlight: { paths: p.paths, selected },
        label: `The framework with the ${p.paths.length} paths from ${fx.name(p.from)} to ${fx.name(p.to)}; path ${p.paths[selected].rank} is highlighted: ${p.paths[selected].roles.map(fx.name).join(' → ')}`,
      }),
      legend([{ label: 'Selected path (numbered steps)', color: '#1d1d6b' }, { label: 'Other paths (dashed)', color: '#8f8fc8' }]));
    items.forEach((b, i) => b.setAttribute('aria-pressed', String(i === selected)));
    stepLists.forEach((l, i) => { l.hidden = i !== selected; });
  };
  const list = h('ol', { class: 'paths' }, p.paths.map((path, i) => {
    const btn = h('button', { type: 'button', class: 'path-btn', 'aria-pressed': String(i === selected), onClick: () => { selected = i; drawIt(); announce(`Path ${path.rank} shown on the graph`); } },
      h('span', { class: 'path-rank' }, `#${path.rank}`),
      h('span', { class: 'path-roles' }, path.roles.map((r, j) => [j ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → ') : null, j ? h('span', { class: 'visually-hidden' }, ' then ') : null, h('span', { class: 'path-role' }, fx.name(r))])),
      h('span', { class: 'path-meta' }, `${pct(path.probability, 2)} · ${duration(path.expected_time, unit)}`));
    items.push(btn);
    const steps = h('ol', { class: 'steps' }, path.steps.map((st) => h('li',
      `${fx.name(st.from)} → ${fx.name(st.to)}: `, kindBadge(st.kind),
      ` ${pct(st.probability)} · ${duration(st.expected_time, unit)}`,
      st.gap && st.gap.readiness != null ? ` · readiness ${num(st.gap.readiness, 0)}/100 (gap ${num(st.gap.gap)})` : '')));
    steps.setAttribute('aria-label', `Steps of path ${path.rank}`);
    stepLists.push(steps);
    return h('li', btn, steps);
  }));
  frag.append(h('div', { class: 'plan-grid' }, h('div', h('h3', `The ${p.paths.length} most likely paths`), list, h('p', { class: 'hint' }, 'Select a path to draw it on the framework and list its steps. Probability: of following exactly this path; time: expected, step by step.')), graphBox));
  drawIt();
  return frag;
}

function renderGaps(fx, g, signal) {
  const frag = document.createDocumentFragment();
  frag.append(h('div', { class: 'stats' },
    stat('Readiness', g.readiness != null ? `${num(g.readiness, 0)} / 100` : '—', `for ${g.role_name || fx.name(g.role)}`),
    stat('Requirements met', `${int(g.met)} of ${int(g.requirements)}`, g.unassessed ? `${int(g.unassessed)} not assessed` : null),
    stat('Total gap', num(g.gap), 'levels short, summed'),
    ...(g.groups || []).map((gr) => stat(`${gr.group}`, gr.readiness != null ? `${num(gr.readiness, 0)} / 100` : '—', `${gr.met} of ${gr.requirements} met`))));
  const groups = [...new Set((g.competencies || []).map((c) => c.group))].sort((a, b) => (a === 'technical' ? -1 : b === 'technical' ? 1 : a.localeCompare(b)));
  const charts = h('div', { class: 'grid-2' });
  for (const gr of groups) {
    const rows = g.competencies.filter((c) => c.group === gr);
    const drawing = h('div');
    charts.append(h('div', { class: 'gap-group' }, h('h3', gr === 'technical' ? 'Technical' : gr === 'non-technical' ? 'Non-technical' : gr), drawing));
    responsive(drawing, (w) => gapChart(fx, rows, gr, w), signal);
  }
  frag.append(charts, legend([
    { label: 'Current level, requirement met', color: '#009E73' },
    { label: 'Current level, short of the requirement', color: '#E69F00' },
    { label: 'Missing levels', color: '#f6d7a7' },
    { label: 'Required level (line)', color: '#1f2933' },
  ]));
  frag.append(h('details', h('summary', 'Gaps as a table'), table({
    caption: `Competencies ${g.role_name || g.role} asks for, against ${g.person}'s latest assessments`,
    columns: [
      { label: 'Competency', render: (c) => c.name },
      { label: 'Group', render: (c) => c.group },
      { label: 'Required', num: true, render: (c) => int(c.required) },
      { label: 'Current', num: true, render: (c) => (c.assessed == null ? 'not assessed' : num(c.assessed)) },
      { label: 'Gap', num: true, render: (c) => num(c.gap) },
      { label: 'Assessed on', render: (c) => (c.assessed_on ? `${c.assessed_on}${c.source ? ` (${c.source})` : ''}` : '—') },
    ],
    rows: g.competencies || [],
  })));
  return frag;
}

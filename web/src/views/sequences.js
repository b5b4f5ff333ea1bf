// Sequences view: the careers as state sequences, as TraMineR users look at them — the state
// distribution plot (chronogram), the most frequent sequences, and types of careers (clusters on
// optimal-matching distances) drawn as a sequence index plot by cluster with their quality.
import { h, clear, field, select, table } from '../dom.js';
import { request } from '../api.js';
import { load, embedSvg, stat, spinner } from '../ui.js';
import { int, fix, pct } from '../format.js';

const LEVELS = [{ value: 'track', label: 'tracks' }, { value: 'grade', label: 'grades (L1, L2, …)' }, { value: 'role', label: 'roles' }];
const UNITS = [{ value: 'year', label: 'years' }, { value: 'quarter', label: 'quarters' }, { value: 'month', label: 'months' }];
const METHODS = [{ value: 'ward', label: 'Ward (hierarchical)' }, { value: 'pam', label: 'PAM (k-medoids)' }];
const COSTS = [{ value: 'TRATE', label: 'from transition rates (TRATE)' }, { value: 'CONSTANT', label: 'constant' }];

export default function sequencesView(el, route, { signal, setParams }) {
  const p = route.params;
  const state = {
    level: p.get('level') || 'track',
    unit: p.get('unit') || 'year',
    k: Math.min(10, Math.max(2, Number.parseInt(p.get('k') || '4', 10) || 4)),
    method: p.get('method') === 'pam' ? 'pam' : 'ward',
    sm: p.get('sm') === 'CONSTANT' ? 'CONSTANT' : 'TRATE',
  };
  el.append(h('h1', 'Sequences'), h('p', { class: 'lede' }, 'Careers as sequences of states, one per period since each person’s first spell, as social scientists read them with TraMineR: how the population spreads over the states year by year, the most common careers, and types of careers found by clustering their optimal-matching distances.'));
  const level = select(LEVELS, state.level, { name: 'level' });
  const unit = select(UNITS, state.unit, { name: 'unit' });
  const k = h('input', { type: 'number', name: 'k', min: 2, max: 10, step: 1, value: String(state.k), class: 'narrow' });
  const method = select(METHODS, state.method, { name: 'method' });
  const sm = select(COSTS, state.sm, { name: 'sm' });
  const form = h('form', { class: 'controls', 'aria-label': 'Which sequences', novalidate: true },
    field('States', level),
    field('One position per', unit),
    field('Clusters', k, '2 to 10'),
    field('Clustering', method),
    field('Substitution costs', sm),
    h('div', { class: 'field field-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));
  const result = h('div');
  el.append(h('div', { class: 'card' }, form), result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const kv = Math.min(10, Math.max(2, Number.parseInt(k.value, 10) || 4));
    k.value = String(kv);
    Object.assign(state, { level: level.value, unit: unit.value, k: kv, method: method.value, sm: sm.value });
    show();
  });
  show();

  function show() {
    const base = { level: state.level, unit: state.unit };
    setParams({ level: state.level, unit: state.unit, k: state.k, method: state.method, sm: state.sm });
    clear(result);
    const statsSlot = h('div', spinner());
    const chrono = h('section', { class: 'card' });
    const tab = h('section', { class: 'card' });
    const clusters = h('section', { class: 'card' });
    const index = h('section', { class: 'card' });
    result.append(statsSlot, chrono, tab, clusters, index);
    const what = LEVELS.find((x) => x.value === state.level).label;
    load(chrono, () => request('seq/plot', { ...base, type: 'chrono', format: 'svg' }, { signal, as: 'text' }), (svg) => {
      const f = document.createDocumentFragment();
      f.append(h('h2', `How people spread over the ${what}`), embedSvg(svg, `State distribution plot: the share of each state per ${state.unit} of career`));
      return f;
    }, { text: 'Drawing the state distribution…' });
    load(tab, () => request('seq/describe', { ...base, what: 'overview,tab', top: 10 }, { signal }), (d) => {
      clear(statsSlot);
      const o = d.overview;
      statsSlot.append(h('div', { class: 'stats' },
        stat('Careers', int(o.sequences)),
        stat('Distinct sequences', int(o.distinct)),
        stat('Longest', `${int(o.positions)} ${state.unit}s`),
        stat('Moves per career', fix(o.mean.transitions, 2), 'mean number of state changes'),
        stat('Complexity', fix(o.mean.complexity, 2), 'seqici: 0 = one state, 1 = most complex')));
      const f = document.createDocumentFragment();
      f.append(h('h2', 'The most frequent careers'), table({
        caption: `The 10 most frequent sequences of ${what} (state/number of ${state.unit}s): ${fix(d.tab.percent_shown, 1)} % of the careers`,
        columns: [
          { label: '#', num: true, render: (r) => int(r.rank) },
          { label: 'Sequence', render: (r) => h('code', r.sequence) },
          { label: 'People', num: true, render: (r) => int(r.rows) },
          { label: 'Share', num: true, render: (r) => `${fix(r.percent, 1)} %` },
        ],
        rows: d.tab.sequences,
      }));
      return f;
    }, { text: 'Describing…' });
    const cparams = { ...base, k: state.k, method: state.method, sm: state.sm };
    load(clusters, () => request('seq/cluster', cparams, { signal }), (d) => {
      const f = document.createDocumentFragment();
      f.append(h('h2', `${d.k} types of careers`), h('p', `Clustered with ${state.method === 'ward' ? 'Ward’s method' : 'PAM'} on optimal-matching distances between the ${int(d.distinct)} distinct sequences; average silhouette width ${fix(d.average_silhouette, 2)} (above 0.5: a clear structure; below 0.25: a weak one).`),
        table({
          caption: 'Each type: its size, how well its members fit it (silhouette) and its most typical career (medoid)',
          columns: [
            { label: 'Type', num: true, render: (r) => int(r.cluster) },
            { label: 'People', num: true, render: (r) => int(r.rows) },
            { label: 'Share', num: true, render: (r) => `${fix(r.percent, 1)} %` },
            { label: 'Silhouette', num: true, render: (r) => fix(r.asw, 2) },
            { label: 'Typical career', render: (r) => h('code', r.medoid_sequence || '—') },
            { label: 'Covered by representatives', num: true, render: (r) => (r.coverage != null ? pct(r.coverage) : '—') },
          ],
          rows: d.clusters,
        }));
      return f;
    }, { text: 'Clustering…' });
    load(index, () => request('seq/cluster', { ...cparams, format: 'svg' }, { signal, as: 'text' }), (svg) => {
      const f = document.createDocumentFragment();
      f.append(h('h2', 'Every career, by type'), embedSvg(svg, `Sequence index plot by cluster: one line per career, coloured by its ${what}`));
      return f;
    }, { text: 'Drawing every career…' });
  }
}

// The seed's questions: the framework's claims tested against the data (from the report).
import { h, table } from '../dom.js';
import { request } from '../api.js';
import { framework } from '../model.js';
import { load, stat } from '../ui.js';
import { int, num, pct } from '../format.js';

const VERDICT_CLASS = {
  supported: 'ok',
  'not supported': 'bad',
  'not enough data': 'unsure',
};

export function verdictBadge(v) {
  return h('span', { class: ['verdict', `verdict-${VERDICT_CLASS[v] || 'other'}`] }, v || '—');
}

export default function claimsView(el, route, { signal }) {
  el.append(h('h1', 'The seed’s questions'),
    h('p', { class: 'lede' }, 'The claims the framework makes — the 2005 post and its readers: you can enter and leave anywhere, people cross from technical to management all the way through, architects carry manager titles… — each tested against how people really moved, with its statistic, its 95 % interval and a verdict.'));
  const body = h('div');
  el.append(body);
  load(body, () => Promise.all([request('report', {}, { signal }), framework(signal).catch(() => null)]), ([report, fx]) => render(report, fx), { text: 'Testing the claims against the data…' });
}

/** Is the claim's statistic a share (shown as a percentage) or a count? */
function isShare(c) {
  if (c.interval) return true;
  if (c.threshold != null) return c.threshold <= 1 && (c.value == null || c.value <= 1);
  return c.value != null && c.value >= 0 && c.value <= 1 && !Number.isInteger(c.value);
}

function valueText(c, v = c.value) {
  if (v == null) return '—';
  if (isShare(c)) return pct(v);
  return num(v, Number.isInteger(v) ? 0 : 2);
}

function render(report, fx) {
  const frag = document.createDocumentFragment();
  const claims = report.claims || [];
  const pop = report.population || {};
  const counts = {};
  claims.forEach((c) => { counts[c.verdict] = (counts[c.verdict] || 0) + 1; });
  frag.append(h('p', { class: 'muted' }, `Framework ${report.framework ? `${report.framework.name} v${report.framework.version}` : ''}; data: ${int(pop.people)} people, ${int(pop.spells)} spells, ${int(pop.moves)} moves, ${pop.first_date || '?'} to ${pop.as_of || '?'}.`));
  frag.append(h('div', { class: 'stats' },
    stat('Claims', int(claims.length)),
    ...Object.entries(counts).map(([v, n]) => stat(v.charAt(0).toUpperCase() + v.slice(1), int(n)))));
  if (!claims.length) {
    frag.append(h('p', { class: 'notice' }, 'The active framework makes no claims to test.'));
    return frag;
  }
  const notes = new Map(((fx && fx.fw.claims) || []).map((c) => [c.id, c]));
  const list = h('ol', { class: 'claims' });
  for (const c of claims) {
    const fc = notes.get(c.id) || {};
    const side = c.threshold_side === 'at_most' ? 'at most' : c.threshold_side === 'at_least' ? 'at least' : '';
    const maxOf = Math.max(1, ...(c.details || []).map((d) => d.of || 0), ...(c.details || []).map((d) => d.count || 0));
    const card = h('li', { class: ['card', 'claim', `claim-${VERDICT_CLASS[c.verdict] || 'other'}`], id: `claim-${c.id}` },
      h('div', { class: 'claim-head' }, h('h2', h('q', c.statement)), verdictBadge(c.verdict)),
      h('p', { class: 'claim-reason' }, c.reason),
      h('dl', { class: 'facts claim-facts' },
        h('dt', 'Statistic'), h('dd', c.statistic || '—'),
        h('dt', 'Value'), h('dd', valueText(c), c.successes != null && c.n != null && c.interval ? ` (${int(c.successes)} of ${int(c.n)})` : c.n != null ? ` (n = ${int(c.n)})` : ''),
        c.interval ? [h('dt', '95 % interval'), h('dd', `${pct(c.interval.lower)} – ${pct(c.interval.upper)}`)] : null,
        c.threshold != null ? [h('dt', 'Claimed'), h('dd', `${side} ${valueText(c, c.threshold)}`.trim())] : null),
      fc.note ? h('p', { class: 'muted claim-note' }, fc.note) : null,
      c.details && c.details.length ? h('details', h('summary', 'The counts behind it'), table({
        caption: `Counts behind “${c.statement}”`,
        columns: [
          { label: 'What', render: (d) => d.label },
          { label: 'Count', num: true, render: (d) => int(d.count) },
          { label: 'Of', num: true, render: (d) => (d.of ? int(d.of) : '—') },
          { label: 'Share', rowHeader: false, render: (d) => [h('span', { class: 'mini-bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${Math.min(100, (100 * d.count) / (d.of || maxOf))}%` } })), d.of ? ` ${pct(d.count / d.of)}` : ''] },
        ],
        rows: c.details,
      })) : null);
    list.append(card);
  }
  frag.append(list);
  return frag;
}

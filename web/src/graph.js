// The framework as a picture: one swim lane per track, roles bottom-up by level, an arrow per
// move (width from how many people made it, colour from its kind). Entries and exits are
// drawn as short stubs into and out of each role. Optionally highlights planned paths.
import { s, h, nextId } from './dom.js';
import { KIND, kindOf } from './ui.js';
import { int } from './format.js';

const LANE_W = 200;
const NODE_W = 138;
const NODE_H = 54;
const LEVEL_GAP = 96;
const TOP = 52;
const LEFT = 34;

function wrapName(name, max = 18) {
  if (name.length <= max) return [name];
  const words = name.split(/\s+/);
  const lines = [''];
  for (const w of words) {
    const cur = lines[lines.length - 1];
    if (cur && (cur + ' ' + w).length > max && lines.length < 2) lines.push(w);
    else lines[lines.length - 1] = cur ? `${cur} ${w}` : w;
  }
  return lines.map((l) => (l.length > max + 4 ? `${l.slice(0, max + 2)}…` : l));
}

/** Positions of the roles: {id: {x, y, track, level}} and the drawing's size. */
export function layout(fx) {
  const tracks = fx.fw.tracks;
  const maxLevel = Math.max(1, ...fx.fw.roles.map((r) => r.level || 1));
  const minLevel = Math.min(1, ...fx.fw.roles.map((r) => r.level || 1));
  const pos = {};
  tracks.forEach((t, i) => {
    const byLevel = new Map();
    for (const id of t.roles) {
      const r = fx.roles.get(id);
      if (!r) continue;
      const lv = r.level || 1;
      if (!byLevel.has(lv)) byLevel.set(lv, []);
      byLevel.get(lv).push(id);
    }
    for (const [lv, ids] of byLevel) {
      ids.forEach((id, j) => {
        const slot = LANE_W / ids.length;
        pos[id] = {
          x: LEFT + i * LANE_W + slot * j + slot / 2,
          y: TOP + (maxLevel - lv) * LEVEL_GAP + NODE_H / 2 + 14,
          w: Math.min(NODE_W, slot - 24),
          track: t.id,
          level: lv,
        };
      });
    }
  });
  return {
    pos,
    width: LEFT + tracks.length * LANE_W + 8,
    height: TOP + (maxLevel - minLevel) * LEVEL_GAP + NODE_H + 34,
    maxLevel,
    minLevel,
  };
}

const bez = (p0, p1, p2, t) => ({
  x: (1 - t) * (1 - t) * p0.x + 2 * (1 - t) * t * p1.x + t * t * p2.x,
  y: (1 - t) * (1 - t) * p0.y + 2 * (1 - t) * t * p1.y + t * t * p2.y,
});
const inside = (p, c, pad = 0) => Math.abs(p.x - c.x) <= c.w / 2 + pad && Math.abs(p.y - c.y) <= NODE_H / 2 + pad;

/** A curved arrow from role a to role b: {d, head, mid}. */
function curve(a, b, width, bend = 1) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const n = { x: -dy / len, y: dx / len };
  const off = (0.16 * len + 16) * bend;
  const p0 = { x: a.x, y: a.y };
  const p2 = { x: b.x, y: b.y };
  const p1 = { x: (a.x + b.x) / 2 + n.x * off, y: (a.y + b.y) / 2 + n.y * off };
  // where the curve leaves a and enters b
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 24; i++) { const m = (lo + hi) / 2; if (inside(bez(p0, p1, p2, m), a, 2)) lo = m; else hi = m; }
  const t0 = hi;
  lo = 0.5; hi = 1;
  for (let i = 0; i < 24; i++) { const m = (lo + hi) / 2; if (inside(bez(p0, p1, p2, m), b, 3)) hi = m; else lo = m; }
  const tTip = lo;
  const tip = bez(p0, p1, p2, tTip);
  const headLen = 7 + width * 1.1;
  lo = t0; hi = tTip;
  for (let i = 0; i < 24; i++) {
    const m = (lo + hi) / 2;
    const p = bez(p0, p1, p2, m);
    if (Math.hypot(p.x - tip.x, p.y - tip.y) > headLen) lo = m; else hi = m;
  }
  const t1 = lo;
  // the sub-curve [t0, t1] of the quadratic
  const q0 = bez(p0, p1, p2, t0);
  const q2 = bez(p0, p1, p2, t1);
  const q1 = {
    x: (1 - t0) * (1 - t1) * p0.x + ((1 - t0) * t1 + t0 * (1 - t1)) * p1.x + t0 * t1 * p2.x,
    y: (1 - t0) * (1 - t1) * p0.y + ((1 - t0) * t1 + t0 * (1 - t1)) * p1.y + t0 * t1 * p2.y,
  };
  const ux = (tip.x - q2.x) / (Math.hypot(tip.x - q2.x, tip.y - q2.y) || 1);
  const uy = (tip.y - q2.y) / (Math.hypot(tip.x - q2.x, tip.y - q2.y) || 1);
  const hw = Math.max(4.5, width * 0.95 + 2.5);
  const head = `M${tip.x.toFixed(1)},${tip.y.toFixed(1)} L${(q2.x - uy * hw).toFixed(1)},${(q2.y + ux * hw).toFixed(1)} L${(q2.x + uy * hw).toFixed(1)},${(q2.y - ux * hw).toFixed(1)} Z`;
  const d = `M${q0.x.toFixed(1)},${q0.y.toFixed(1)} Q${q1.x.toFixed(1)},${q1.y.toFixed(1)} ${q2.x.toFixed(1)},${q2.y.toFixed(1)}`;
  return { d, head, mid: bez(p0, p1, p2, (t0 + t1) / 2) };
}

/**
 * Draws the framework graph.
 * opts: edges [{from, to, kind, count, listed, typical}], minCount, kinds (Set of kind ids),
 *       holders (Map role -> current headcount), selected (role id), onSelect(roleId),
 *       highlight {paths: [{rank, roles}], selected: index}, label (accessible name),
 *       maxCount (for a width scale shared between redraws)
 */
export function drawGraph(fx, opts = {}) {
  const L = layout(fx);
  const { pos } = L;
  const kinds = opts.kinds || new Set(['promotion', 'step-back', 'cross-track', 'exit', 'entry']);
  const minCount = opts.minCount ?? 0;
  const edges = opts.edges || [];
  const maxCount = opts.maxCount || Math.max(1, ...edges.map((e) => e.count || 0));
  const widthOf = (c) => (c > 0 ? 1.4 + 10 * Math.sqrt(c / maxCount) : 1.2);
  const hl = opts.highlight && opts.highlight.paths && opts.highlight.paths.length ? opts.highlight : null;
  const uid = nextId('g');

  const svg = s('svg', {
    class: ['fw-graph', hl ? 'has-highlight' : ''],
    viewBox: `0 0 ${L.width} ${L.height}`,
    role: 'group',
    'aria-label': opts.label || 'Career framework: tracks as lanes, roles by level, moves as arrows',
  });

  // lanes
  const lanes = s('g', { class: 'lanes', 'aria-hidden': 'true' });
  fx.fw.tracks.forEach((t, i) => {
    const tr = fx.tracks.get(t.id);
    lanes.append(
      s('rect', { x: LEFT + i * LANE_W + 4, y: 6, width: LANE_W - 8, height: L.height - 12, rx: 10, fill: tr.color, 'fill-opacity': 0.07, stroke: tr.color, 'stroke-opacity': 0.25 }),
      s('text', { x: LEFT + i * LANE_W + LANE_W / 2, y: 28, 'text-anchor': 'middle', class: 'lane-title', fill: '#1f2933' }, t.name),
    );
  });
  for (let lv = L.minLevel; lv <= L.maxLevel; lv++) {
    const y = TOP + (L.maxLevel - lv) * LEVEL_GAP + NODE_H / 2 + 14;
    lanes.append(s('text', { x: 6, y: y + 4, class: 'level-label' }, `L${lv}`));
  }
  svg.append(lanes);

  // moves between roles, widest first so that thin ones stay visible on top
  const between = [];
  const stubs = new Map(); // role -> {entry: [{from,count}], exit: [{to,count}]}
  const stub = (id) => { if (!stubs.has(id)) stubs.set(id, { entry: [], exit: [] }); return stubs.get(id); };
  for (const e of edges) {
    const k = kindOf(e.kind);
    if (pos[e.from] && pos[e.to]) between.push({ ...e, k });
    else if (pos[e.from] && !pos[e.to]) stub(e.from).exit.push(e);
    else if (!pos[e.from] && pos[e.to]) stub(e.to).entry.push(e);
  }
  const shown = between
    .filter((e) => kinds.has(e.k) && ((e.count || 0) >= minCount || (!e.count && e.listed)))
    .sort((a, b) => (b.count || 0) - (a.count || 0));
  const pairSet = new Set(shown.map((e) => `${e.from}>${e.to}`));
  const edgeLayer = s('g', { class: 'edges' });
  for (const e of shown) {
    const w = widthOf(e.count || 0);
    const reverse = pairSet.has(`${e.to}>${e.from}`);
    const c = curve(pos[e.from], pos[e.to], w, reverse ? 1.25 : 1);
    const color = (KIND[e.k] || {}).color || '#555';
    const listed = e.listed === undefined ? '' : e.listed ? (e.typical ? '; in the framework (typical)' : '; in the framework') : '; not in the framework';
    const titleText = `${fx.name(e.from)} → ${fx.name(e.to)}: ${e.kind}, ${e.count ? `${int(e.count)} moves` : 'not observed'}${e.rate != null ? ` (${(e.rate * 100).toFixed(1)} % of moves out of ${fx.name(e.from)})` : ''}${listed}`;
    edgeLayer.append(s('g', { class: ['edge', `kind-${e.k}`, e.count ? '' : 'unobserved'], dataset: { from: e.from, to: e.to } },
      s('title', titleText),
      s('path', { d: c.d, fill: 'none', stroke: color, 'stroke-width': w.toFixed(2), 'stroke-opacity': 0.78, 'stroke-dasharray': e.count ? null : '5 4', 'stroke-linecap': 'round' }),
      s('path', { d: c.head, fill: color, 'fill-opacity': 0.9 })));
  }
  svg.append(edgeLayer);

  // entry and exit stubs
  const stubLayer = s('g', { class: 'stubs' });
  for (const [id, st] of stubs) {
    const p = pos[id];
    for (const side of ['exit', 'entry']) {
      if (!kinds.has(side)) continue;
      const list = st[side].filter((e) => (e.count || 0) >= minCount);
      const total = list.reduce((a, e) => a + (e.count || 0), 0);
      if (!list.length || !total) continue;
      const w = widthOf(total);
      const color = KIND[side].color;
      const y = p.y + (side === 'exit' ? 9 : -9);
      const x0 = side === 'exit' ? p.x + p.w / 2 + 2 : p.x - p.w / 2 - 30;
      const x1 = x0 + 28;
      const head = 6 + w * 0.6;
      const hw = Math.max(4, w * 0.9 + 2);
      const detail = list.map((e) => `${fx.name(side === 'exit' ? e.to : e.from)} ${int(e.count)}`).join(', ');
      stubLayer.append(s('g', { class: ['stub', `kind-${side}`], dataset: { role: id, side } },
        s('title', `${side === 'exit' ? 'Exits from' : 'Entries into'} ${fx.name(id)}: ${int(total)} (${detail})`),
        s('line', { x1: x0, y1: y, x2: x1 - head, y2: y, stroke: color, 'stroke-width': w.toFixed(2), 'stroke-opacity': 0.75 }),
        s('path', { d: `M${x1},${y} L${x1 - head},${y - hw} L${x1 - head},${y + hw} Z`, fill: color }),
        s('text', { x: (x0 + x1) / 2, y: side === 'exit' ? y + hw + 10 : y - hw - 3, 'text-anchor': 'middle', class: 'stub-label' }, int(total))));
    }
  }
  svg.append(stubLayer);

  // highlighted paths (planner)
  const onPath = new Map();
  if (hl) {
    const hlLayer = s('g', { class: 'highlight' });
    const order = hl.paths.map((p, i) => i).sort((a, b) => (a === hl.selected ? 1 : b === hl.selected ? -1 : b - a));
    for (const i of order) {
      const p = hl.paths[i];
      const sel = i === hl.selected;
      for (let j = 0; j + 1 < p.roles.length; j++) {
        const a = pos[p.roles[j]];
        const b = pos[p.roles[j + 1]];
        if (!a || !b) continue;
        const w = sel ? 5 : 1.6;
        const c = curve(a, b, w, 1);
        hlLayer.append(s('g', { class: ['hl-edge', sel ? 'selected' : 'other'] },
          s('title', `Path ${p.rank}, step ${j + 1}: ${fx.name(p.roles[j])} → ${fx.name(p.roles[j + 1])}`),
          sel ? s('path', { d: c.d, fill: 'none', stroke: '#fff', 'stroke-width': w + 4, 'stroke-linecap': 'round' }) : null,
          s('path', { d: c.d, fill: 'none', stroke: sel ? '#1d1d6b' : '#8f8fc8', 'stroke-width': w, 'stroke-dasharray': sel ? null : '5 4', 'stroke-linecap': 'round' }),
          s('path', { d: c.head, fill: sel ? '#1d1d6b' : '#8f8fc8' }),
          sel ? s('circle', { cx: c.mid.x, cy: c.mid.y, r: 9, fill: '#1d1d6b', stroke: '#fff', 'stroke-width': 1.5 }) : null,
          sel ? s('text', { x: c.mid.x, y: c.mid.y + 4, 'text-anchor': 'middle', class: 'step-num' }, String(j + 1)) : null));
        if (sel) { onPath.set(p.roles[j], j === 0 ? 'start' : 'via'); onPath.set(p.roles[j + 1], j + 2 === p.roles.length ? 'end' : 'via'); }
      }
    }
    svg.append(hlLayer);
  }

  // roles
  const nodeLayer = s('g', { class: 'nodes' });
  for (const t of fx.fw.tracks) {
    const tr = fx.tracks.get(t.id);
    for (const id of t.roles) {
      const p = pos[id];
      if (!p) continue;
      const r = fx.roles.get(id);
      const held = opts.holders ? opts.holders.get(id) : undefined;
      const lines = wrapName(r.name);
      const selected = opts.selected === id;
      const mark = onPath.get(id);
      const labelParts = [`${r.name}, level ${r.level} of ${t.name}`];
      if (held !== undefined) labelParts.push(`${int(held)} people in this role now`);
      if (mark === 'start') labelParts.push('current role');
      if (mark === 'end') labelParts.push('target role');
      const interactive = typeof opts.onSelect === 'function';
      const g = s('g', {
        class: ['node', selected ? 'selected' : '', mark ? `on-path ${mark}` : '', hl && !mark ? 'dim' : ''],
        transform: `translate(${p.x - p.w / 2},${p.y - NODE_H / 2})`,
        dataset: { role: id },
        tabindex: interactive ? '0' : null,
        role: interactive ? 'button' : 'img',
        'aria-label': labelParts.join('; '),
        'aria-pressed': interactive ? String(selected) : null,
      });
      g.append(
        s('rect', { class: 'node-box', width: p.w, height: NODE_H, rx: 8 }),
        s('rect', { width: 6, height: NODE_H, rx: 3, fill: tr.color, 'aria-hidden': 'true' }),
      );
      const textY = held !== undefined ? (lines.length > 1 ? 18 : 23) : (lines.length > 1 ? 23 : 31);
      g.append(s('text', { x: p.w / 2 + 3, y: textY, 'text-anchor': 'middle', class: 'node-name', 'aria-hidden': 'true' },
        lines.map((l, i) => s('tspan', { x: p.w / 2 + 3, dy: i ? 14 : 0 }, l))));
      if (held !== undefined) {
        g.append(s('text', { x: p.w / 2 + 3, y: lines.length > 1 ? NODE_H - 6 : NODE_H - 13, 'text-anchor': 'middle', class: 'node-sub', 'aria-hidden': 'true' }, `${int(held)} now`));
      }
      if (mark === 'start' || mark === 'end') {
        g.append(s('text', { x: 8, y: -5, 'text-anchor': 'start', class: 'node-tag', 'aria-hidden': 'true' }, mark === 'start' ? 'now' : 'target'));
      }
      if (interactive) {
        g.addEventListener('click', () => opts.onSelect(id));
        g.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); opts.onSelect(id); }
        });
      }
      nodeLayer.append(g);
    }
  }
  svg.append(nodeLayer);

  const wrap = h('div', { class: 'graph-wrap' }, h('p', { class: 'hint scroll-hint' }, 'Scroll sideways to see every track.'), h('div', { class: 'graph-scroll', id: `${uid}-wrap` }, svg));
  wrap.shownEdges = shown;
  wrap.stubs = stubs;
  return wrap;
}

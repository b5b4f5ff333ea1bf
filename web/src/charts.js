// Charts drawn in the browser: a career timeline, probability bars, competency gaps.
import { s, h, clear } from './dom.js';
import { KIND, kindOf } from './ui.js';
import { yearOf, pct } from './format.js';

/**
 * A person's timeline: one lane per track, each spell a bar over time, the moves between
 * spells as connectors coloured by kind. asOf (fractional year) ends ongoing spells.
 */
export function timeline(fx, person, asOf, width = 820) {
  const spells = person.timeline.filter((t) => fx.roles.has(t.role));
  const exits = person.timeline.filter((t) => !fx.roles.has(t.role));
  const lanes = fx.fw.tracks.map((t) => t.id);
  for (const sp of spells) if (!lanes.includes(sp.track)) lanes.push(sp.track);
  const ongoing = (sp) => !sp.end || sp.end === 'ongoing';
  const t0 = Math.min(...spells.map((sp) => yearOf(sp.start)));
  const endOf = (sp) => (ongoing(sp) ? Math.max(asOf, yearOf(sp.start) + 0.25) : yearOf(sp.end));
  const t1 = Math.max(...spells.map(endOf));
  const x0 = Math.floor(t0);
  const x1 = Math.ceil(t1 + 0.6);
  const W = Math.max(320, Math.min(1200, width));
  const narrow = W < 560;
  const left = narrow ? 92 : 118;
  const right = narrow ? 62 : 100;
  const laneH = 46;
  const top = 12;
  const H = top + lanes.length * laneH + 34;
  const x = (y) => left + ((y - x0) / (x1 - x0 || 1)) * (W - left - right);
  const laneY = (id) => top + lanes.indexOf(id) * laneH;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline', role: 'img', 'aria-label': `Career timeline of ${person.person_id}: ${spells.map((sp) => `${fx.name(sp.role)} from ${sp.start}${ongoing(sp) ? ', ongoing' : ` to ${sp.end}`}`).join('; ')}${exits.length ? `; then ${exits.map((e) => fx.name(e.role)).join(', ')}` : ''}` });
  // lanes and axis
  lanes.forEach((id, i) => {
    const tr = fx.tracks.get(id);
    svg.append(
      s('rect', { x: left, y: laneY(id) + 3, width: W - left - right, height: laneH - 6, fill: i % 2 ? '#f7f9fb' : '#eef2f6', rx: 4 }),
      s('text', { x: left - 8, y: laneY(id) + laneH / 2 + 4, 'text-anchor': 'end', class: 'lane-label', 'font-size': narrow ? 11.5 : 13 }, tr ? tr.name : id),
    );
  });
  const span = x1 - x0;
  const pxPerYear = (W - left - right) / (span || 1);
  const step = [1, 2, 5, 10, 20].find((st) => st * pxPerYear >= 40) || 50;
  const axisY = top + lanes.length * laneH + 4;
  for (let y = Math.ceil(x0 / step) * step; y <= x1; y += step) {
    svg.append(
      s('line', { x1: x(y), x2: x(y), y1: top, y2: axisY, stroke: '#c9d2dc', 'stroke-width': 1 }),
      s('text', { x: x(y), y: axisY + 16, 'text-anchor': 'middle', class: 'axis-label' }, String(y)),
    );
  }
  // connectors between consecutive spells
  for (let i = 1; i < spells.length; i++) {
    const a = spells[i - 1];
    const b = spells[i];
    const k = kindOf(b.move);
    const color = (KIND[k] || {}).color || '#555';
    const xm = x(yearOf(b.start));
    const ya = laneY(a.track) + laneH / 2;
    const yb = laneY(b.track) + laneH / 2;
    if (a.track !== b.track) {
      svg.append(s('g', { class: 'move' }, s('title', `${b.start}: ${b.move} to ${fx.name(b.role)}`),
        s('line', { x1: xm, x2: xm, y1: ya, y2: yb, stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': '4 3' }),
        s('circle', { cx: xm, cy: yb, r: 4, fill: color })));
    }
  }
  // bars
  spells.forEach((sp) => {
    const tr = fx.tracks.get(sp.track);
    const xa = x(yearOf(sp.start));
    const xb = x(endOf(sp));
    const y = laneY(sp.track) + 10;
    const w = Math.max(3, xb - xa - 1);
    const name = fx.name(sp.role);
    const maxChars = Math.floor((w - 10) / 6.6);
    const label = maxChars >= name.length ? name : maxChars > 3 ? `${name.slice(0, maxChars - 1)}…` : '';
    const g = s('g', { class: 'spell' },
      s('title', `${name}${sp.title ? ` (title: ${sp.title})` : ''}: ${sp.start} – ${ongoing(sp) ? 'ongoing' : sp.end}${sp.years != null ? `, ${sp.years.toFixed(1)} years` : ''}; ${sp.move}`),
      s('rect', { x: xa, y, width: w, height: laneH - 20, rx: 5, fill: tr ? tr.color : '#888', 'fill-opacity': ongoing(sp) ? 0.75 : 0.95 }),
      label ? s('text', { x: xa + 6, y: y + (laneH - 20) / 2 + 4, class: 'bar-label' }, label) : null);
    if (ongoing(sp)) {
      g.append(s('path', { d: `M${xb},${y} l9,${(laneH - 20) / 2} l-9,${(laneH - 20) / 2} Z`, fill: tr ? tr.color : '#888', 'fill-opacity': 0.75 }),
        s('text', { x: xb + 13, y: y + (laneH - 20) / 2 + 4, class: 'bar-note' }, narrow ? 'now' : 'ongoing'));
    }
    svg.append(g);
  });
  // exits to destinations
  if (exits.length && spells.length) {
    const last = spells[spells.length - 1];
    const xe = x(endOf(last));
    const y = laneY(last.track) + laneH / 2;
    svg.append(s('g', { class: 'exit' }, s('title', `${exits[0].start || last.end}: left for ${fx.name(exits[0].role)}`),
      s('line', { x1: xe, x2: xe + 16, y1: y, y2: y, stroke: KIND.exit.color, 'stroke-width': 2.5 }),
      s('path', { d: `M${xe + 22},${y} l-7,-5 l0,10 Z`, fill: KIND.exit.color }),
      s('text', { x: xe + 26, y: y + 4, class: 'bar-note' }, `left: ${fx.name(exits[0].role)}`)));
  }
  return h('div', { class: 'chart-scroll' }, svg);
}

/** A probability with its interval as a small bar (decorative; the numbers are in the text). */
export function probBar(p, lo, hi) {
  const W = 120;
  const svg = s('svg', { viewBox: `0 0 ${W} 14`, class: 'prob-bar', 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { x: 0, y: 3, width: W, height: 8, rx: 2, fill: '#e6ebf0' }),
    s('rect', { x: 0, y: 3, width: Math.max(1, p * W), height: 8, rx: 2, fill: '#0072B2' }));
  if (lo != null && hi != null) {
    svg.append(s('line', { x1: lo * W, x2: hi * W, y1: 7, y2: 7, stroke: '#1f2933', 'stroke-width': 1.5 }),
      s('line', { x1: lo * W, x2: lo * W, y1: 2, y2: 12, stroke: '#1f2933', 'stroke-width': 1.5 }),
      s('line', { x1: hi * W, x2: hi * W, y1: 2, y2: 12, stroke: '#1f2933', 'stroke-width': 1.5 }));
  }
  return h('span', { class: 'prob' }, svg, h('span', pct(p)), lo != null && hi != null ? h('span', { class: 'muted ci' }, `${pct(lo)}–${pct(hi)}`) : null);
}

/**
 * Competency gaps for one group: for each competency a bar of the assessed level and a
 * marker at the required level, on the competency's scale.
 */
export function gapChart(fx, rows, groupName, width = 560) {
  const W = Math.max(280, Math.min(720, width));
  const stacked = W < 460; // narrow: the name above its bar
  const left = stacked ? 4 : 170;
  const right = 66;
  const rowH = stacked ? 46 : 34;
  const barTop = stacked ? 20 : 8;
  const barH = stacked ? 18 : rowH - 16;
  const top = 30;
  const maxScale = Math.max(...rows.map((r) => { const c = fx.competencies.get(r.competency); return c && c.scale ? c.scale[1] : 5; }), 1);
  const minScale = 0;
  const H = top + rows.length * rowH + 8;
  const x = (v) => left + ((v - minScale) / (maxScale - minScale)) * (W - left - right);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'gap-chart', role: 'img', 'aria-label': `${groupName} competencies: ${rows.map((r) => `${r.name} required ${r.required}, ${r.assessed == null ? 'not assessed' : `assessed ${r.assessed}`}`).join('; ')}` });
  for (let v = minScale; v <= maxScale; v++) {
    svg.append(s('line', { x1: x(v), x2: x(v), y1: top - 6, y2: H - 6, stroke: '#dde3ea' }),
      s('text', { x: x(v), y: top - 12, 'text-anchor': 'middle', class: 'axis-label' }, String(v)));
  }
  svg.append(s('text', { x: W - 2, y: top - 12, 'text-anchor': 'end', class: 'axis-label' }, 'has / asks'));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const met = r.assessed != null && r.assessed >= r.required;
    const g = s('g', { class: ['gap-row', met ? 'met' : r.assessed == null ? 'unassessed' : 'short'] },
      s('title', `${r.name}: required ${r.required}, ${r.assessed == null ? 'not assessed' : `assessed ${r.assessed}${r.assessed_on ? ` on ${r.assessed_on}` : ''}${r.source ? ` (${r.source})` : ''}`}${r.gap ? `, gap ${r.gap}` : ''}`),
      stacked
        ? s('text', { x: left, y: y + 13, 'text-anchor': 'start', class: 'gap-label' }, r.name)
        : s('text', { x: left - 10, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'gap-label' }, r.name));
    const by = y + barTop;
    if (r.assessed != null) {
      g.append(s('rect', { x: x(minScale), y: by, width: Math.max(0, x(r.assessed) - x(minScale)), height: barH, rx: 3, class: met ? 'bar-met' : 'bar-short' }));
    } else {
      g.append(s('rect', { x: x(minScale), y: by, width: x(maxScale) - x(minScale), height: barH, rx: 3, class: 'bar-none' }));
    }
    if (r.assessed != null && r.assessed < r.required) {
      g.append(s('rect', { x: x(r.assessed), y: by, width: x(r.required) - x(r.assessed), height: barH, class: 'bar-gap' }));
    }
    g.append(s('line', { x1: x(r.required), x2: x(r.required), y1: by - 5, y2: by + barH + 5, class: 'req-mark' }));
    g.append(s('text', { x: W - 8, y: by + barH / 2 + 4, 'text-anchor': 'end', class: 'gap-value' }, r.assessed == null ? `— / ${r.required}` : `${r.assessed} / ${r.required}`));
    svg.append(g);
  });
  return h('div', { class: 'chart-scroll' }, svg);
}

/**
 * Draws draw(width) into container at the container's width, and again when the window is
 * resized (until signal aborts). The container must be in the document by the next microtask.
 */
export function responsive(container, draw, signal) {
  let last = -1;
  const render = () => {
    const w = Math.round(container.clientWidth || 820);
    if (Math.abs(w - last) < 16) return;
    last = w;
    clear(container);
    container.append(draw(w));
  };
  queueMicrotask(render);
  let timer = 0;
  const onResize = () => { window.clearTimeout(timer); timer = window.setTimeout(render, 150); };
  window.addEventListener('resize', onResize);
  if (signal) signal.addEventListener('abort', () => window.removeEventListener('resize', onResize), { once: true });
}

// careergraph web UI: hash routing (#/framework, #/flows, #/person/ID, #/tenure, #/sequences,
// #/claims, #/import) so that the server needs no fallback route.
import { clear, h } from './dom.js';
import { request, isAbort, invalidate } from './api.js';
import { framework, resetShared } from './model.js';
import frameworkView from './views/framework.js';
import flowsView from './views/flows.js';
import personView from './views/person.js';
import tenureView from './views/tenure.js';
import sequencesView from './views/sequences.js';
import claimsView from './views/claims.js';
import importView from './views/import.js';

const VIEWS = {
  framework: { render: frameworkView, title: 'Framework' },
  flows: { render: flowsView, title: 'Flows' },
  person: { render: personView, title: 'Person' },
  tenure: { render: tenureView, title: 'Tenure' },
  sequences: { render: sequencesView, title: 'Sequences' },
  claims: { render: claimsView, title: "The seed's questions" },
  import: { render: importView, title: 'Import' },
};

/** '#/person/commenter?to=x' -> {view: 'person', args: ['commenter'], params: URLSearchParams} */
export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path, qs = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { view: parts[0] || 'framework', args: parts.slice(1), params: new URLSearchParams(qs) };
}

/** Replace the hash's query (view state) without a new history entry or a re-render. */
export function setParams(params) {
  const { view, args } = parseHash();
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v === true ? 'true' : v);
  const qs = q.toString();
  const hash = `#/${[view, ...args.map(encodeURIComponent)].join('/')}${qs ? `?${qs}` : ''}`;
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
}

let controller = null;
let firstRender = true;

function route() {
  const r = parseHash();
  const main = document.getElementById('main');
  const v = VIEWS[r.view];
  if (controller) controller.abort();
  controller = new AbortController();
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.view === r.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  clear(main);
  if (!v) {
    document.title = 'Not found · careergraph';
    main.append(h('div', { class: 'view' }, h('h1', { tabindex: '-1' }, 'No such page'),
      h('p', 'There is no view called ', h('code', r.view), '. ', h('a', { href: '#/framework' }, 'Go to the framework'), '.')));
  } else {
    document.title = `${v.title} · careergraph`;
    const el = h('div', { class: `view view-${r.view}` });
    main.append(el);
    try {
      v.render(el, r, { signal: controller.signal, setParams });
    } catch (e) {
      if (!isAbort(e)) {
        el.append(h('div', { class: 'error-box', role: 'alert' }, `This view failed: ${e.message}`));
        throw e;
      }
    }
  }
  if (!firstRender) {
    const h1 = main.querySelector('h1');
    if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
    window.scrollTo(0, 0);
  }
  firstRender = false;
}

async function header() {
  const badge = document.getElementById('framework-badge');
  const banner = document.getElementById('banner');
  const say = (...parts) => {
    while (banner.firstChild) banner.removeChild(banner.firstChild);
    banner.append(...parts);
    banner.hidden = false;
  };
  let health;
  try {
    health = await request('health');
  } catch (e) {
    say(e.message);
    return;
  }
  if (health && health.status && health.status !== 'ok') say(`The server reports status “${health.status}”.`);
  if (health && health.framework === null) {
    badge.textContent = 'no framework loaded';
    say(`${health.note || 'No framework is loaded yet.'} `, h('a', { href: '#/import?kind=framework' }, 'Load a framework on the Import page'), '.');
    return;
  }
  try {
    const fx = await framework();
    badge.textContent = `${fx.fw.name} · v${fx.fw.version}`;
    badge.title = `Active framework: ${fx.fw.id} ${fx.fw.version}`;
  } catch (e) {
    if (e.status === 404) say(e.message);
  }
}

// An import or a new framework changed the data: forget cached responses.
window.addEventListener('cg:data-version', () => { resetShared(); header(); });
window.addEventListener('cg:data-changed', () => {
  invalidate();
  resetShared();
  document.getElementById('banner').hidden = true;
  header();
});

window.addEventListener('hashchange', route);
if (!window.location.hash) window.history.replaceState(null, '', '#/framework');
route();
header();

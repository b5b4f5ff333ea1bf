// End-to-end tests of the careergraph web UI, driving Debian's Chromium with playwright-core
// against a running `careergraph serve` (tests/e2e/run.sh starts one on a demo store).
//
//   CG_E2E_URL    base URL of the server, e.g. http://127.0.0.1:8091/ (required)
//   CG_E2E_TOKEN  the write token (required for the import tests)
//   CG_E2E_SHOTS  directory for the screenshots (default: e2e-screenshots)
//   CG_E2E_CHROMIUM  browser executable (default: /usr/bin/chromium)
//
// Run: node --test tests/e2e/ui.test.mjs (playwright-core is resolved from web/node_modules).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = (process.env.CG_E2E_URL || '').replace(/\/?$/, '/');
const TOKEN = process.env.CG_E2E_TOKEN || '';
const SHOTS = process.env.CG_E2E_SHOTS || 'e2e-screenshots';
const TIMEOUT = 20000;

if (!process.env.CG_E2E_URL) {
  throw new Error('CG_E2E_URL is not set: start `careergraph serve` and point CG_E2E_URL at it (tests/e2e/run.sh does both)');
}
mkdirSync(SHOTS, { recursive: true });

let browser;
const problems = []; // console errors and warnings, page errors, failed requests: must stay empty

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CG_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
});

/** A page that records every console error or warning and every uncaught exception. */
async function newPage(viewport = { width: 1366, height: 900 }, label = 'desktop') {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${label}] console ${m.type()}: ${m.text()} (${page.url()})`);
  });
  page.on('pageerror', (e) => problems.push(`[${label}] page error: ${e.message} (${page.url()})`));
  // a server error is a problem even if the UI copes with it: name the request and the answer
  page.on('response', async (r) => {
    if (r.status() >= 500) {
      const body = await r.text().catch(() => '');
      problems.push(`[${label}] ${r.status()} from ${r.request().method()} ${r.url()}: ${body.slice(0, 300)}`);
    }
  });
  return page;
}

async function open(page, hash) {
  await page.goto(`${BASE}#/${hash}`);
  await page.locator('main h1').first().waitFor();
}

/** Waits until nothing in the page is loading (no aria-busy, no spinner). */
async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), null, { timeout: TIMEOUT });
}

async function shot(page, name) {
  await settled(page);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Fails on any problem recorded since `since`. With allow4xx, the browser's own
 *  "Failed to load resource: ... status of 4xx" lines are let through: a test that asks for
 *  an unknown person or sends a bad file expects exactly those answers. */
function noProblems(since = 0, { allow4xx = false } = {}) {
  const mine = problems.slice(since).filter((p) => !(allow4xx && /Failed to load resource: the server responded with a status of 4\d\d/.test(p)));
  assert.deepEqual(mine, [], `console errors or warnings:\n${mine.join('\n')}`);
}

test('health: the server answers and serves the UI', async () => {
  const res = await fetch(`${BASE}api/v1/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  const html = await (await fetch(BASE)).text();
  assert.match(html, /<script type="module" src="app.js">/);
});

test('framework view: lanes, roles, moves and a role panel', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'framework');
  const graph = page.locator('svg.fw-graph');
  await graph.waitFor();
  await settled(page);
  // three swim lanes and the twelve roles of the seed's framework
  for (const lane of ['Technical', 'Management', 'Development']) {
    await assert.doesNotReject(graph.locator('.lane-title', { hasText: lane }).waitFor());
  }
  assert.equal(await graph.locator('g.node').count(), 12);
  assert.ok(await graph.locator('g.node[data-role="infrastructure-architect"]').isVisible());
  // arrows for observed moves, coloured by kind
  assert.ok(await graph.locator('g.edge.kind-promotion').count() >= 5, 'promotion arrows');
  assert.ok(await graph.locator('g.edge.kind-cross-track').count() >= 3, 'cross-track arrows');
  assert.ok(await graph.locator('g.edge.kind-step-back').count() >= 1, 'step-back arrows');
  assert.ok(await graph.locator('g.stub.kind-exit').count() >= 5, 'exit stubs');
  const helpdeskToOps = graph.locator('g.edge[data-from="helpdesk"][data-to="ops"] path').first();
  const wide = Number(await helpdeskToOps.getAttribute('stroke-width'));
  const thin = Number(await graph.locator('g.edge[data-from="ops"][data-to="it-manager"] path').first().getAttribute('stroke-width'));
  assert.ok(wide > thin, `line width follows the counts (${wide} > ${thin})`);

  // click a role: its panel with competencies, aliases, holders and tenure curve
  await graph.locator('g.node[data-role="ops"]').click();
  const panel = page.locator('.role-panel');
  await panel.locator('h2', { hasText: 'Ops' }).waitFor();
  await panel.locator('.chips li', { hasText: 'Senior Admin' }).waitFor();
  await panel.locator('.comp-list li', { hasText: 'Technology depth' }).waitFor();
  await panel.locator('dt', { hasText: 'In the role now' }).waitFor();
  await panel.locator('.tenure-mini svg.server-svg').waitFor();
  assert.match(await panel.locator('.tenure-mini svg').getAttribute('aria-label'), /role ops/);
  await shot(page, 'framework');

  // keyboard: Tab to a role and press Enter
  await page.locator('g.node[data-role="it-manager"]').focus();
  await page.keyboard.press('Enter');
  await panel.locator('h2', { hasText: 'IT Manager' }).waitFor();
  assert.equal(await page.locator('g.node[data-role="it-manager"]').getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), /role=it-manager/);

  // the kind filter redraws the graph
  await page.getByLabel('Exit', { exact: true }).uncheck();
  assert.equal(await graph.locator('g.stub.kind-exit').count(), 0);
  await page.context().close();
  noProblems(mark);
});

test('flows view: Sankey diagram, filters and the flows table', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'flows');
  const svg = page.locator('svg.server-svg');
  await svg.waitFor();
  assert.match(await svg.locator('title').first().textContent(), /Flows between tracks/);
  assert.ok(await svg.locator('g.link').count() > 5, 'Sankey links');
  const matrix = page.locator('table.matrix');
  await matrix.waitFor();
  assert.match(await matrix.textContent(), /Technical/);
  assert.match(await matrix.textContent(), /\d+(\.\d) %/);
  const peopleAll = await page.locator('.stat', { hasText: 'People' }).locator('.stat-value').textContent();

  // filter: a period and an attribute found in the data
  await page.getByLabel('Moves from', { exact: true }).fill('2015');
  await page.getByLabel('Moves until', { exact: true }).fill('2020-12');
  const attr = page.getByLabel('People with attribute', { exact: true });
  await page.waitForFunction(() => document.querySelectorAll('#flows-attr option').length > 1, null, { timeout: TIMEOUT });
  await attr.selectOption('location');
  await page.getByLabel('Value', { exact: true }).fill('London');
  await page.getByRole('button', { name: 'Show flows' }).click();
  await page.locator('[role="status"]', { hasText: 'people with location=London' }).waitFor();
  await settled(page);
  assert.match(page.url(), /since=2015/);
  assert.match(page.url(), /where=location/);
  const peopleLondon = await page.locator('.stat', { hasText: 'People' }).locator('.stat-value').textContent();
  assert.notEqual(peopleLondon, peopleAll, 'the filter changes the counts');
  await page.locator('svg.server-svg').waitFor();
  await shot(page, 'flows');

  // a bad date is caught before it is sent
  await page.getByLabel('Moves from', { exact: true }).fill('20x');
  await page.getByRole('button', { name: 'Show flows' }).click();
  await page.locator('.form-error', { hasText: 'is not a date' }).waitFor();
  await page.context().close();
  noProblems(mark);
});

test('person view: timeline, next moves, planner on the graph, gaps', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'person/commenter');
  await page.locator('h1', { hasText: 'commenter' }).waitFor();
  await page.locator('.person-head', { hasText: 'IT Manager' }).waitFor();

  // timeline: lanes are tracks, spells are bars
  const tl = page.locator('svg.timeline');
  await tl.waitFor();
  assert.equal(await tl.locator('g.spell').count(), 3);
  assert.match(await tl.getAttribute('aria-label'), /Helpdesk from 2011-09-01/);

  // next moves with probabilities and intervals
  const next = page.locator('section', { has: page.locator('h2', { hasText: 'Likely next moves' }) });
  await next.locator('table').waitFor();
  const nextText = await next.locator('table').textContent();
  assert.match(nextText, /Infrastructure Architect/);
  assert.match(nextText, /\d+\.\d %\s*\d+\.\d %–\d+\.\d %/, 'probability with its interval');

  // planner: paths to infrastructure-architect, listed and drawn
  const planner = page.locator('section.planner');
  await planner.getByLabel('Target role', { exact: true }).selectOption('infrastructure-architect');
  await planner.getByRole('button', { name: 'Find paths' }).click();
  const paths = planner.locator('ol.paths > li');
  await paths.first().waitFor();
  assert.ok(await paths.count() >= 2, 'several paths');
  assert.match(await paths.first().textContent(), /IT Manager\s*→\s*(then\s*)?Infrastructure Architect/);
  await planner.locator('.stat', { hasText: 'Chance of ever getting there' }).waitFor();
  const graph = planner.locator('svg.fw-graph');
  await graph.waitFor();
  assert.ok(await graph.locator('g.hl-edge.selected').count() >= 1, 'the selected path is drawn');
  assert.ok(await graph.locator('g.node.on-path.end[data-role="infrastructure-architect"]').count() === 1);
  // choose another path: it is highlighted instead
  await paths.nth(1).locator('button.path-btn').click();
  assert.equal(await paths.nth(1).locator('button.path-btn').getAttribute('aria-pressed'), 'true');
  assert.match(await planner.locator('.plan-graph h3').textContent(), /Path 2/);
  assert.ok(await graph.locator('g.hl-edge.selected').count() >= 2 || await planner.locator('svg.fw-graph g.hl-edge.selected').count() >= 2);

  // competency gaps: technical vs non-technical, required vs current
  const gaps = page.locator('section', { has: page.locator('h2', { hasText: 'Competency gaps' }) });
  await gaps.locator('svg.gap-chart').first().waitFor();
  assert.equal(await gaps.locator('svg.gap-chart').count(), 2);
  await gaps.locator('h3', { hasText: /^Technical$/ }).waitFor();
  await gaps.locator('h3', { hasText: 'Non-technical' }).waitFor();
  assert.ok(await gaps.locator('.req-mark').count() >= 7, 'a required-level mark per competency');
  assert.match(await gaps.locator('.stat', { hasText: 'Readiness' }).first().textContent(), /\d+ \/ 100/);
  await gaps.getByLabel('For the role', { exact: true }).selectOption('design');
  await gaps.locator('.stat', { hasText: 'for Design' }).waitFor();
  await shot(page, 'person');

  // the people list and an unknown person
  await open(page, 'person');
  await page.locator('table a', { hasText: 'P000001' }).waitFor();
  await page.getByLabel('Person ID', { exact: true }).fill('nobody-at-all');
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.locator('.error-box', { hasText: 'no such person' }).waitFor();
  await page.context().close();
  // the 404 of the unknown person is an expected "Failed to load resource" console error
  noProblems(mark, { allow4xx: true });
});

test('tenure view: curves from the API and the median and quartiles', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'tenure');
  await page.locator('svg.server-svg').waitFor();
  await page.locator('h2', { hasText: 'By role' }).waitFor();
  await page.getByLabel('Spells in', { exact: true }).selectOption('role:ops');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('h2', { hasText: 'Time in Ops' }).waitFor();
  await settled(page);
  assert.match(await page.locator('svg.server-svg').getAttribute('aria-label'), /role ops/);
  const q = page.locator('section', { has: page.locator('h2', { hasText: 'Median and quartiles' }) });
  assert.match(await q.textContent(), /Median \(50 % have moved on\)\s*\d+\.\d\d/);
  await shot(page, 'tenure');

  await page.getByLabel('Where people go (competing risks)', { exact: true }).check();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('h2', { hasText: 'Where people go from Ops' }).waitFor();
  const dest = page.locator('section', { has: page.locator('h2', { hasText: /^Where people go$/ }) });
  await dest.waitFor();
  assert.match(await dest.textContent(), /Outside the organisation/);
  await shot(page, 'tenure-by-destination');
  await page.context().close();
  noProblems(mark);
});

test('sequences view: chronogram, frequent careers, types of careers by cluster', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'sequences');
  await page.locator('h2', { hasText: 'How people spread over the tracks' }).waitFor();
  await page.locator('h2', { hasText: '4 types of careers' }).waitFor();
  await page.locator('h2', { hasText: 'Every career, by type' }).waitFor();
  await settled(page);
  assert.equal(await page.locator('svg.server-svg').count(), 2);
  assert.match(await page.locator('svg.server-svg').first().getAttribute('aria-label'), /State distribution/);
  const freq = page.locator('section', { has: page.locator('h2', { hasText: 'The most frequent careers' }) });
  assert.match(await freq.textContent(), /\d+(\.\d)? %/);
  const types = page.locator('section', { has: page.locator('h2', { hasText: 'types of careers' }) });
  assert.equal(await types.locator('tbody tr').count(), 4);
  await shot(page, 'sequences');

  await page.getByLabel('Clusters', { exact: true }).fill('3');
  await page.getByLabel('Clustering', { exact: true }).selectOption('pam');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('h2', { hasText: '3 types of careers' }).waitFor();
  await settled(page);
  assert.equal(await types.locator('tbody tr').count(), 3);
  assert.match(page.url(), /method=pam/);
  await page.context().close();
  noProblems(mark);
});

test("the seed's questions: claims with statistics and verdicts", async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'claims');
  const claims = page.locator('li.claim');
  await claims.first().waitFor();
  assert.ok(await claims.count() >= 5);
  await page.locator('li.claim q', { hasText: 'You can enter and leave at any point.' }).waitFor();
  await page.locator('li.claim q', { hasText: 'Design to IT Manager' }).waitFor();
  const verdicts = await page.locator('li.claim .verdict').allTextContents();
  assert.ok(verdicts.every((v) => /supported|not supported|not enough data/i.test(v)), verdicts.join(', '));
  assert.match(await page.locator('#claim-technical-leavers').textContent(), /95 % interval\s*\d+\.\d % – \d+\.\d %/);
  await shot(page, 'claims');
  await page.context().close();
  noProblems(mark);
});

test('import view: line-numbered errors, bad token, and a good import', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'import');
  const bad = 'person_id,role,title,start,end\nE2E-BAD,helpdesk,Helpdesk Technician,2010-01,2012-01\nE2E-BAD,no-such-role,,2012-01,\nE2E-BAD2,ops,,2013-13,\n';
  await page.getByText('Or paste the content').click();
  await page.getByLabel('Content', { exact: true }).fill(bad);
  await page.getByLabel('Write token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const err = page.locator('.import-result .error-box');
  await err.waitFor();
  const text = await err.textContent();
  assert.match(text, /Nothing was imported: 2 problems/);
  assert.match(text, /careers\.csv:3: field 'role': unknown role 'no-such-role'/);
  assert.match(text, /careers\.csv:4: field 'start': '2013-13' is not a date/);
  assert.equal(await err.locator('ol.error-details li').count(), 2);
  await shot(page, 'import-errors');

  // a wrong token is refused with the server's message
  await page.getByLabel('Write token', { exact: true }).fill('not-the-token-at-all');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.import-result .error-box', { hasText: /40[13]/ }).waitFor();

  // an uploaded file: the errors name it
  await page.getByLabel('Content', { exact: true }).fill('');
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'my-careers.csv', mimeType: 'text/csv', buffer: Buffer.from('person_id,role,title,start,end\nE2E-F,helpdesk,,2010-99,\n') });
  await page.getByLabel('Write token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.import-result .error-box', { hasText: "my-careers.csv:2: field 'start'" }).waitFor();
  await page.getByLabel('File', { exact: true }).setInputFiles([]);

  // a good careers file is imported and the person can be opened
  const good = 'person_id,role,title,start,end\nE2E-OK,helpdesk,Helpdesk Technician,2015-01,2018-06\nE2E-OK,ops,Senior Admin,2018-06,\n';
  await page.getByLabel('Content', { exact: true }).fill(good);
  await page.getByLabel('Write token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('.import-result .success-box').waitFor();
  await open(page, 'person/E2E-OK');
  await page.locator('.person-head', { hasText: 'Ops' }).waitFor();
  await page.context().close();
  noProblems(mark, { allow4xx: true });
});

test('phone width (390 px): every view renders without sideways scrolling', async () => {
  const mark = problems.length;
  const page = await newPage({ width: 390, height: 844 }, 'phone');
  const views = [
    ['framework', 'svg.fw-graph g.node'],
    ['flows', 'svg.server-svg'],
    ['person/commenter', 'ol.paths > li'],
    ['tenure', 'svg.server-svg'],
    ['sequences', 'svg.server-svg'],
    ['claims', 'li.claim'],
    ['import', 'form.import-form'],
  ];
  for (const [hash, sel] of views) {
    await open(page, hash);
    await page.locator(sel).first().waitFor();
    await settled(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `#/${hash} is ${overflow}px wider than the phone`);
    // the navigation is reachable: every view's link is visible
    for (const name of ['Framework', 'Flows', 'Person', 'Tenure', 'Sequences', "The seed's questions", 'Import']) {
      assert.ok(await page.locator('#nav a', { hasText: name }).isVisible(), `${name} link visible on #/${hash}`);
    }
    await page.screenshot({ path: join(SHOTS, `phone-${hash.replace(/\W+/g, '-')}.png`), fullPage: true });
  }
  // a role panel opens below the graph
  await open(page, 'framework?role=design');
  await page.locator('.role-panel h2', { hasText: 'Design' }).waitFor();
  await page.context().close();
  noProblems(mark);
});

test('keyboard: skip link, labelled controls, visible focus', async () => {
  const mark = problems.length;
  const page = await newPage();
  await open(page, 'framework');
  await page.locator('svg.fw-graph').waitFor();
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, 'Skip to content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  // every form control in every view has a label
  for (const hash of ['framework', 'flows', 'person/commenter', 'tenure', 'import']) {
    await open(page, hash);
    await settled(page);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, [], `unlabelled controls on #/${hash}`);
  }
  await page.context().close();
  noProblems(mark);
});

// Any screen (issue 17): no page scrolls sideways on a phone. For every
// role, every page reachable from the menu by following links, and one of
// each kind of detail page (a child, an IRO, an escalation, a LADO case, a
// private fostering arrangement, a home, a report...), is opened at 375 px
// and measured there, at 320 px and at 1280 px: the document may be no
// wider than the window. A wide table scrolls inside its own region
// (.app-table-scroll), which does not widen the document.
//
// One browser context per role, each page loaded once and measured at each
// width by resizing (media queries apply as they would on load). axe is
// not run here: the tests of each page do that. The labels of every chart
// must lie inside it (an SVG cuts off what is outside its viewBox), and at
// phone widths its text must be drawn at 11 px or more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ROLES, launchBrowser, signInPage } from './lib.mjs';

const WIDTHS = [375, 320, 1280];

// A child placed in unregistered provision, allocated to the test IRO, so
// the unregistered lists and the child's page about it have a row.
const CHILD_IN_UNREGISTERED_PROVISION = `
INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, locality_id)
 VALUES ('900101', 'Ruby', 'Ashdown', date('now', 'localtime', '-14 years'), 'F', 'WBRI', (SELECT min(id) FROM locality));
INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, registration)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), date('now', 'localtime', '-20 days'),
         'S', 'C2', 'N1', 'K2', 'PR4', 'unregistered');
INSERT INTO allocation(child_id, iro_id, start_date, reason)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), (SELECT iro_id FROM users WHERE username = 't-iro'),
         date('now', 'localtime', '-20 days'), 'new');
`;

// Pages a menu does not link to but people reach by a form.
const SEEDS = ['/', '/children?q=a', '/escalations?show=all', '/children/900101/unregistered'];

// One page of each kind: a path segment with a digit is an ID, and the
// query's parameter names (not their values) make a different kind.
function kind(url) {
  const u = new URL(url);
  const path = u.pathname.split('/').map((s) => (/\d/.test(s) ? '{}' : s)).join('/');
  const names = [...new Set(u.searchParams.keys())].sort().join('&');
  return names ? `${path}?${names}` : path;
}

// Links to follow: our own pages, not downloads, assets or signing out.
function followable(href, base) {
  if (!href.startsWith(base)) return false;
  const u = new URL(href);
  if (/\.(csv|xlsx|json|zip|xml|pdf|txt)$/.test(u.pathname)) return false;
  return !/^\/(assets|healthz|metrics|logout|login|password)(\/|$)/.test(u.pathname);
}

let s, browser;
before(async () => {
  s = await startServer({ extraSql: CHILD_IN_UNREGISTERED_PROVISION });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

// Detail pages (a kind with an ID) show much the same to every role that
// may open them: measured once, for the first role that reaches them.
const detailsSeen = new Set();

// Crawl as one role; returns the failures ("role width path: N px") and
// the kinds of page visited.
async function crawl(role) {
  const context = await browser.newContext({ baseURL: s.base, viewport: { width: WIDTHS[0], height: 800 } });
  const page = await context.newPage();
  await signInPage(page, role);
  const failures = [];
  const seen = new Set();
  const queue = SEEDS.map((p) => s.base + p);
  const visited = [];
  while (queue.length) {
    const url = queue.shift();
    const k = kind(url);
    if (seen.has(k) || detailsSeen.has(k)) continue;
    seen.add(k);
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
    const r = await page.goto(url);
    if (!r || r.status() !== 200 || !page.url().startsWith(s.base) || kind(page.url()) !== k) continue;
    visited.push(k);
    if (k.includes('{}')) detailsSeen.add(k);
    for (const width of WIDTHS) {
      if (width !== WIDTHS[0]) await page.setViewportSize({ width, height: 800 });
      const { scroll, inner } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
      }));
      if (scroll > inner + 1) failures.push(`${role} at ${width} px: ${url.slice(s.base.length)} is ${scroll} px wide`);
      // A chart's text is legible on a phone: drawn at 11 px or more (the
      // SVG scales with the page, so its font size is the attribute times
      // the drawing's scale), and every chart shown has its axes titled.
      if (width < 400) {
        const small = await page.$$eval('svg.app-chart__svg', (svgs) => svgs.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          if (!box.width) return [];   // the other drawing, hidden at this width
          const scale = box.width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')]
            .map((t) => ({ t: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale }))
            .filter((x) => x.px < 11).slice(0, 1)
            .map((x) => `"${x.t}" at ${x.px.toFixed(1)} px in "${svg.querySelector('title')?.textContent}"`);
        }));
        for (const c of small) failures.push(`${role} at ${width} px: ${url.slice(s.base.length)}: chart text ${c}`);
      }
    }
    // A chart's labels are inside the chart, not cut off at its edges.
    const clipped = await page.$$eval('svg.app-chart__svg', (svgs) => svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].filter((t) => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
      }).map((t) => `"${t.textContent}" in "${svg.querySelector('title')?.textContent}"`);
    }));
    for (const c of clipped) failures.push(`${role}: ${url.slice(s.base.length)}: chart label ${c} is cut off`);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0]));
    for (const href of links) {
      if (followable(href, s.base) && !seen.has(kind(href))) queue.push(href);
    }
  }
  await context.close();
  return { failures, visited };
}

test('no page scrolls sideways at 375 px or 320 px (nor at 1280 px), for every role', async () => {
  const failures = [];
  const kinds = new Set();
  for (const role of ROLES) {
    const r = await crawl(role);
    failures.push(...r.failures);
    for (const k of r.visited) kinds.add(k);
  }
  // The crawl reached one of each kind of detail page.
  for (const k of ['/children/{}', '/iros/{}', '/escalations/{}', '/lado/cases/{}', '/private-fostering/{}',
    '/homes/{}', '/homes/qpag', '/reports/annual', '/service', '/unregistered']) {
    assert.ok(kinds.has(k), `${k} was visited (visited: ${[...kinds].sort().join(' ')})`);
  }
  assert.deepEqual(failures, [], `pages wider than the screen, and cut-off chart labels:\n${failures.join('\n')}`);
});

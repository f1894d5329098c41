// Every page, for every role (issue 17): each page reachable from the menu
// by following links, and a few of each kind of detail page (a child, an
// IRO, an escalation, a LADO case, a private fostering arrangement, a home,
// a report...), is loaded once (crawl.mjs) and checked there for two
// things, which share the crawl because crawling every page of every role
// takes a minute or more.
//
// Any screen: no page scrolls sideways on a phone. The first page of each
// kind (a detail page once, for the first role that reaches it: it shows
// much the same to every role that may open it) is opened at 375 px and
// measured there, at 320 px and at 1280 px: the document may be no wider
// than the window. A wide table scrolls inside its own region
// (.app-table-scroll), which does not widen the document. Each page is
// loaded once and measured at each width by resizing (media queries apply
// as they would on load). The labels of every chart must lie inside it (an
// SVG cuts off what is outside its viewBox), and at phone widths its text
// must be drawn at 11 px or more.
//
// Plain English everywhere: no internal code or identifier reaches a
// person. Every page loaded (up to three of each kind of detail page, from
// any role) has its visible text at 1280 px (document.body.innerText)
// scanned for:
// - the codes of the code lists, read from the migrations and
//   src/escalations.c: escalation categories, topics, outcomes and stages,
//   contact and owner types ("social-worker"), roles ("qa-manager");
// - on a person's page, the 903 codes (legal status C2, placement U4, ...);
// - the usernames of the demo and test users, where a name belongs;
// - ISO timestamps and dates ("2026-12-07T05:01:18Z", "2026-12-07",
//   "2026-12"): people read "7 December 2026 at 5:01am".
// The codes belong in the downloads, which are not crawled. Detail pages
// have breadcrumbs.
//
// axe is not run here: the tests of each page do that.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, ROLES, launchBrowser, signInPage, userFor } from './lib.mjs';
import { CHILD_IN_UNREGISTERED_PROVISION, crawler, kind } from './crawl.mjs';

// The widths a page is measured at, the first (a phone) the one it is
// loaded at; the text is read at the last.
const WIDTHS = [375, 320, 1280];
const TEXT_WIDTH = 1280;
const HEIGHT = 800;

const SRC = new URL('../../src/', import.meta.url);
const sql = readdirSync(new URL('sql/', SRC)).filter((f) => f.endsWith('.sql'))
  .map((f) => readFileSync(new URL('sql/' + f, SRC), 'utf8')).join('\n');

// The values a column's CHECK (column IN (...)) allows, in any migration.
function codes(column) {
  const out = new Set();
  const re = new RegExp(`\\b${column}\\b[^,;]*?\\bIN\\s*\\(([^)]*)\\)`, 'g');
  for (const m of sql.matchAll(re)) {
    for (const v of m[1].matchAll(/'([^']*)'/g)) out.add(v[1]);
  }
  assert.ok(out.size, `the migrations list the codes of ${column}`);
  return [...out];
}

// The escalation stages' names, from src/escalations.c's azStageName.
function stageNames() {
  const c = readFileSync(new URL('escalations.c', SRC), 'utf8');
  const m = c.match(/azStageName\[[^\]]*\]\s*=\s*\{([^}]*)\}/);
  assert.ok(m, 'src/escalations.c names the stages');
  return [...m[1].matchAll(/"([^"]*)"/g)].map((v) => v[1]);
}

// Codes written with a hyphen are never English as they stand on a page
// ("drift-and-delay", "social-worker"); single words are, so only the
// hyphenated ones are looked for ("permanence" and "child" are words).
// Allowed: codes that are also ordinary English compounds, as written.
const ENGLISH = new Set([
  'in-person', // "an in-person meeting"
  'early-years', // "early-years settings"
  'post-allegation', // "post-allegation meeting", the LADO's own term
  'self-employed', // the employer of a self-employed adult
]);
const HYPHENATED = [...new Set([
  ...codes('category'), ...codes('topic'), ...codes('outcome'), ...stageNames(),
  ...codes('with_whom'), ...codes('owner_role'), ...codes('role'), ...codes('sector'),
  ...codes('allegation_type'), ...codes('not_pf_reason'), ...codes('registration'), ...codes('kind'),
  ...codes('overall'), ...codes('status'), ...codes('unit'),
])].filter((c) => c.includes('-') && !ENGLISH.has(c));

// 903 codes: on a person's page, as a word of their own ("C2", "U4", "PR4").
const CODES_903 = [...new Set([...codes('legal_status'), ...codes('placement'), ...codes('cin'), ...codes('provider')])]
  .filter((c) => c.length > 1);

// Usernames: the test users' ("t-iro"), and the demo's that are not also
// English words ("homes", "support", "board" and "admin" are; "iro" and
// "lado" are written in capitals where people mean the role).
const USERNAMES = [...ROLES.map(userFor), 'qa', 'iro', 'lado', 'pf'];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (list) => new RegExp(`(?<![\\w-])(${list.map(esc).join('|')})(?![\\w-])`, 'g');
const RE_HYPHENATED = word(HYPHENATED);
const RE_903 = word(CODES_903);
const RE_USER = word(USERNAMES);
const RE_ISO = /\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?\b|\b20\d\d-(0[1-9]|1[0-2])\b(?!-)/g;

// Pages where a username is itself the subject: the users' administration
// (the username is what a person signs in with), and the audit log, whose
// record filter names records as the downloads do ("user:sam").
const USERNAME_PAGES = /^\/(users|audit)(\/|$)/;

// Pages that describe a file to upload: its columns and codes are the
// file's, as the person must write them ("role is one of admin, qa-manager").
const FILE_FORMAT_PAGES = /^\/import(\/|$)/;

// Entry forms for a child's 903 episode: the options are the words with the
// return's code after them, as business support copy them from the return.
const CODE_ENTRY_PAGES = /^\/children\/[^/]+\/placements\/(new|end|[^/]+\/edit)$/;

// Text that is not the page's own: the test users' names ("Test qa-manager",
// made by lib.mjs from the role) and email addresses (a mailbox such as
// team-manager@council.example is an address, not a code).
function ownText(text) {
  return text.replace(/Test [a-z-]+/g, 'Test user').replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, 'an address');
}

// Detail pages, which have breadcrumbs (forms keep their back links).
const BREADCRUMBED = new RegExp('^/(children/(?!new$)[^/]+(/reviews/[^/]+/(record|letter)|/recommendations/[^/]+|/unregistered)?'
  + '|escalations/\\d+|escalations/weekly|lado/cases/\\d+|lado/report|private-fostering/\\d+|private-fostering/report'
  + '|homes/\\d+(/reg44/\\d+|/inspections/\\d+)?|homes/qpag(/actions)?|iros/\\d+|users/(?!new$)[^/]+)$');

// A person's record, where the 903 codes must be words.
const PERSON_PAGES = /^\/children\/[^/]+(\/|$)/;

// The findings in a page's text: "what" → the first few matches.
function scan(path, pageText) {
  const text = ownText(pageText);
  const found = [];
  const add = (what, re) => {
    const m = [...new Set([...text.matchAll(re)].map((x) => x[0]))];
    if (m.length) found.push(`${what} ${m.slice(0, 5).map((x) => JSON.stringify(x)).join(', ')}`);
  };
  if (!FILE_FORMAT_PAGES.test(path)) add('codes', RE_HYPHENATED);
  add('ISO dates', RE_ISO);
  if (!USERNAME_PAGES.test(path) && !FILE_FORMAT_PAGES.test(path)) add('usernames', RE_USER);
  if (PERSON_PAGES.test(path) && !CODE_ENTRY_PAGES.test(path)) add('903 codes', RE_903);
  return found;
}

// The page (loaded at WIDTHS[0]) at each width: the failures, as
// "role at width px: path ...". It is left at the last width.
async function measure(page, role, path) {
  const failures = [];
  for (const width of WIDTHS) {
    if (page.viewportSize().width !== width) await page.setViewportSize({ width, height: HEIGHT });
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    }));
    if (scroll > inner + 1) failures.push(`${role} at ${width} px: ${path} is ${scroll} px wide`);
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
      for (const c of small) failures.push(`${role} at ${width} px: ${path}: chart text ${c}`);
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
  for (const c of clipped) failures.push(`${role}: ${path}: chart label ${c} is cut off`);
  return failures;
}

// The page's text and breadcrumbs: the failures, as "role path: ...". The
// kinds of page whose breadcrumbs were checked are added to breadcrumbed.
async function read(page, role, url, path, breadcrumbed) {
  const failures = [];
  const text = await page.evaluate(() => document.body.innerText);
  for (const f of scan(new URL(url).pathname, text)) failures.push(`${role} ${path}: ${f}`);
  // A detail page has GOV.UK breadcrumbs above <main>, starting at Home.
  if (BREADCRUMBED.test(new URL(url).pathname)) {
    const crumbs = await page.evaluate(() => {
      const nav = document.querySelector('nav.govuk-breadcrumbs');
      const main = document.querySelector('main');
      if (!nav || !main || !(nav.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING)) return null;
      return [...nav.querySelectorAll('a')].map((a) => a.textContent);
    });
    if (!crumbs || crumbs[0] !== 'Home' || crumbs.length < 2) {
      failures.push(`${role} ${path}: no breadcrumbs above the page (${JSON.stringify(crumbs)})`);
    }
    breadcrumbed.add(kind(url));
  }
  return failures;
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

test('the code lists were read', () => {
  for (const c of ['drift-and-delay', 'care-planning', 'social-worker', 'head-of-locality', 'qa-manager']) {
    assert.ok(HYPHENATED.includes(c), `${c} is looked for`);
  }
  for (const c of ['C2', 'V2', 'U4', 'PR3']) assert.ok(CODES_903.includes(c), `${c} is looked for`);
  // The scan finds what it is for, and not ordinary English.
  assert.deepEqual(scan('/children/1', 'Raised 2026-12-07T05:01:18Z by t-iro about drift-and-delay; legal status C2'),
    ['codes "drift-and-delay"', 'ISO dates "2026-12-07T05:01:18Z"', 'usernames "t-iro"', '903 codes "C2"']);
  assert.deepEqual(scan('/children/1', 'Seen on 7 December 2026 at 5:01am by the IRO, in person, stage 2 (service manager)'), []);
});

test('every page of every role, crawled once', async (t) => {
  const wide = []; // pages wider than the screen, and chart text
  const worded = []; // codes, usernames, ISO dates, missing breadcrumbs
  const measured = new Set(); // the kinds of page measured
  const breadcrumbed = new Set();
  let visited = 0;
  const crawl = crawler();
  for (const role of ROLES) {
    const context = await browser.newContext({ baseURL: s.base, viewport: { width: TEXT_WIDTH, height: HEIGHT } });
    const page = await context.newPage();
    await signInPage(page, role);
    visited += await crawl(page, s.base, {
      beforeLoad: async (p, { first }) => {
        const width = first ? WIDTHS[0] : TEXT_WIDTH;
        if (p.viewportSize().width !== width) await p.setViewportSize({ width, height: HEIGHT });
      },
      onPage: async (p, { url, path, kind: k, first }) => {
        if (first) {
          measured.add(k);
          wide.push(...await measure(p, role, path));
        }
        if (p.viewportSize().width !== TEXT_WIDTH) await p.setViewportSize({ width: TEXT_WIDTH, height: HEIGHT });
        worded.push(...await read(p, role, url, path, breadcrumbed));
      },
    });
    await context.close();
  }

  await t.test('no page scrolls sideways at 375 px or 320 px (nor at 1280 px), for every role', () => {
    // The crawl reached one of each kind of detail page.
    for (const k of ['/children/{}', '/iros/{}', '/escalations/{}', '/lado/cases/{}', '/private-fostering/{}',
      '/homes/{}', '/homes/qpag', '/reports/annual', '/service', '/unregistered']) {
      assert.ok(measured.has(k), `${k} was visited (visited: ${[...measured].sort().join(' ')})`);
    }
    assert.deepEqual(wide, [], `pages wider than the screen, and cut-off chart labels:\n${wide.join('\n')}`);
  });

  await t.test('no page shows an internal code, a username or an ISO date, for every role', () => {
    assert.ok(visited > 100, `the crawl visited ${visited} pages`);
    // (A username has no digit, so each user's page is a kind of its own.)
    for (const k of ['/children/{}', '/escalations/{}', '/lado/cases/{}', '/private-fostering/{}', '/homes/{}', '/iros/{}',
      '/users/']) {
      assert.ok([...breadcrumbed].some((b) => b === k || (k.endsWith('/') && b.startsWith(k))),
        `breadcrumbs were checked on ${k} (checked: ${[...breadcrumbed].sort().join(' ')})`);
    }
    assert.deepEqual(worded, [], `pages showing codes:\n${worded.join('\n')}`);
  });
});

// Plain English everywhere (issue 17): no internal code or identifier
// reaches a person. For every role, every page reachable from the menu by
// following links (as screens.test.mjs crawls) is opened and its visible
// text (document.body.innerText) scanned for:
// - the codes of the code lists, read from the migrations and
//   src/escalations.c: escalation categories, topics, outcomes and stages,
//   contact and owner types ("social-worker"), roles ("qa-manager");
// - on a person's page, the 903 codes (legal status C2, placement U4, ...);
// - the usernames of the demo and test users, where a name belongs;
// - ISO timestamps and dates ("2026-12-07T05:01:18Z", "2026-12-07",
//   "2026-12"): people read "7 December 2026 at 5:01am".
// The codes belong in the downloads, which are not crawled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, ROLES, launchBrowser, signInPage, userFor } from './lib.mjs';

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
const breadcrumbed = new Set();

// A person's record, where the 903 codes must be words.
const PERSON_PAGES = /^\/children\/[^/]+(\/|$)/;

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

const SEEDS = ['/', '/children?q=a', '/escalations?show=all', '/children/900101/unregistered', '/children/900101',
  '/audit'];

// As in screens.test.mjs: a path segment with a digit is an ID; the query's
// parameter names make a different kind of page.
function kind(url) {
  const u = new URL(url);
  const path = u.pathname.split('/').map((s) => (/\d/.test(s) ? '{}' : s)).join('/');
  const names = [...new Set(u.searchParams.keys())].sort().join('&');
  return names ? `${path}?${names}` : path;
}

function followable(href, base) {
  if (!href.startsWith(base)) return false;
  const u = new URL(href);
  if (/\.(csv|xlsx|json|zip|xml|pdf|txt)$/.test(u.pathname)) return false;
  if (u.searchParams.has('format') || u.searchParams.has('download')) return false;
  return !/^\/(assets|healthz|metrics|logout|login|password)(\/|$)/.test(u.pathname);
}

// A few of each kind of detail page (records differ: closed or open, with
// or without a history), each seen once whichever role reaches it.
const PER_KIND = 3;
const detailsSeen = new Map();

let s, browser;
before(async () => {
  s = await startServer({ extraSql: CHILD_IN_UNREGISTERED_PROVISION });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

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

async function crawl(role) {
  const context = await browser.newContext({ baseURL: s.base });
  const page = await context.newPage();
  await signInPage(page, role);
  const failures = [];
  const seen = new Map();
  const queue = SEEDS.map((p) => s.base + p);
  let visited = 0;
  const done = new Set();
  while (queue.length) {
    const url = queue.shift();
    if (done.has(url)) continue;
    done.add(url);
    const k = kind(url);
    const detail = k.includes('{}');
    if (detail ? (detailsSeen.get(k) || 0) >= PER_KIND : seen.has(k)) continue;
    seen.set(k, true);
    const r = await page.goto(url);
    if (!r || r.status() !== 200 || !page.url().startsWith(s.base)) continue;
    if (!(r.headers()['content-type'] || '').startsWith('text/html')) continue;
    if (detail) detailsSeen.set(k, (detailsSeen.get(k) || 0) + 1);
    visited++;
    const path = url.slice(s.base.length);
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
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0]));
    for (const href of links) {
      if (!followable(href, s.base) || done.has(href)) continue;
      const hk = kind(href);
      if (hk.includes('{}') ? (detailsSeen.get(hk) || 0) < PER_KIND : !seen.has(hk)) queue.push(href);
    }
  }
  await context.close();
  return { failures, visited };
}

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

test('no page shows an internal code, a username or an ISO date, for every role', async () => {
  const failures = [];
  let visited = 0;
  for (const role of ROLES) {
    const r = await crawl(role);
    failures.push(...r.failures);
    visited += r.visited;
  }
  assert.ok(visited > 100, `the crawl visited ${visited} pages`);
  // (A username has no digit, so each user's page is a kind of its own.)
  for (const k of ['/children/{}', '/escalations/{}', '/lado/cases/{}', '/private-fostering/{}', '/homes/{}', '/iros/{}',
    '/users/']) {
    assert.ok([...breadcrumbed].some((b) => b === k || (k.endsWith('/') && b.startsWith(k))),
      `breadcrumbs were checked on ${k} (checked: ${[...breadcrumbed].sort().join(' ')})`);
  }
  assert.deepEqual(failures, [], `pages showing codes:\n${failures.join('\n')}`);
});

// User journeys through the web application in a real browser: signing in,
// recording a review (with mistakes first), allocating and changing an IRO,
// signing out, and the administrator's pages. Every page a journey visits is
// checked with axe-core (WCAG 2.2 AA: no violations), and no page may log a
// console error, throw, or break the Content-Security-Policy.
//
// Checks that do not stop the journey (accessibility, page titles, focus) are
// collected and reported together at the end of each test, so one failure
// does not hide the next.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, launchBrowser, axe, userFor, BIN, PASSWORD } from './lib.mjs';

// ---- Dates, as the pages write them ("23 November 2026") -------------------

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pad = (n) => String(n).padStart(2, '0');
const longDate = (d) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
const isoDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
function parseLong(s) {
  const m = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/.exec(s.trim());
  assert.ok(m && MONTHS.includes(m[2]), `not a date as the pages write them: "${s}"`);
  return new Date(Number(m[3]), MONTHS.indexOf(m[2]), Number(m[1]));
}
// SPEC §1: the same day N months later, or that month's last day.
function addMonths(d, n) {
  const last = new Date(d.getFullYear(), d.getMonth() + n + 1, 0).getDate();
  return new Date(d.getFullYear(), d.getMonth() + n, Math.min(d.getDate(), last));
}
// The server's "today" is the real date, in local time (as the server's).
function today() {
  const n = new Date();
  return new Date(n.getFullYear(), n.getMonth(), n.getDate());
}

// ---- The database each journey starts from ----------------------------------

// The demo's first IRO (whom t-iro is linked to) has no children in a small
// demo: give them the caseload of the busiest other IRO.
const GIVE_TEST_IRO_A_CASELOAD = `
UPDATE allocation SET iro_id = (SELECT iro_id FROM users WHERE username = 't-iro')
 WHERE iro_id = (SELECT iro_id FROM allocation
                  WHERE end_date IS NULL AND iro_id <> (SELECT iro_id FROM users WHERE username = 't-iro')
                  GROUP BY iro_id ORDER BY count(*) DESC, iro_id LIMIT 1);
`;

// A child who came into care three days ago (the service was told the day
// before) and has no IRO yet.
const WAITING_REF = '900001';
const WAITING_NAME = 'Poppy Newton';
const CHILD_WAITING_FOR_AN_IRO = `
INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, locality_id)
 VALUES ('${WAITING_REF}', 'Poppy', 'Newton', '2016-04-12', 'F', 'WBRI', (SELECT min(id) FROM locality));
INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, registration)
 VALUES ((SELECT id FROM child WHERE child_ref = '${WAITING_REF}'), date('now', 'localtime', '-3 days'),
         'S', 'V2', 'N1', 'U1', 'PR1', 'registered');
INSERT INTO care_notification(child_id, notified_on)
 VALUES ((SELECT id FROM child WHERE child_ref = '${WAITING_REF}'), date('now', 'localtime', '-4 days'));
`;

function cli(s, ...args) {
  const r = spawnSync(BIN, ['--db', s.db, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `oversight ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// ---- The browser ---------------------------------------------------------------

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A fresh browser (no cookies) on server s. It records console errors,
// uncaught errors and CSP violations on every page, and collects the checks
// that should not stop a journey; done() asserts none failed.
async function openBrowser(s) {
  const context = await browser.newContext({ baseURL: s.base });
  // Chromium logs CSP violations as console errors; this makes sure of it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const failures = [];
  const pagesChecked = [];
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => failures.push(`uncaught error on ${page.url()}: ${e.message}`));
  return {
    context, page, pagesChecked,
    // Run fn; an assertion that fails is kept for the end.
    soft(fn) {
      try { fn(); } catch (e) { failures.push(e.message); }
    },
    // axe-core on the page as it is now: zero violations.
    async accessible(what) {
      const url = page.url().replace(s.base, '');
      const violations = await axe(page);
      pagesChecked.push(`${what} (${url})`);
      this.soft(() => assert.deepEqual(violations, [], `axe violations on ${what}, ${url}`));
    },
    // GOV.UK: a page that shows errors says so first, in its title.
    async titleSaysError(expected) {
      const title = await page.title();
      const url = page.url().replace(s.base, '');
      this.soft(() => assert.equal(title, `Error: ${expected} - Oversight`,
        `the title of ${url}, a form with errors, should start "Error: "`));
    },
    // Every check kept for the end passed.
    done() {
      this.reported = true;
      assert.deepEqual(failures, [], 'problems found along the journey');
    },
    // Close the browser's connections too, so the server stops at once. If
    // the journey stopped early, say what had been found until then.
    async close() {
      if (!this.reported && failures.length) console.log(`# found before the journey stopped:\n# ${failures.join('\n# ')}`);
      await context.close();
    },
  };
}

// Click a button or link that loads another page, and wait for that page.
async function go(page, locator) {
  await locator.click();
  await page.waitForLoadState('load');
}

async function signIn(b, role) {
  const { page } = b;
  await page.goto('/login');
  await page.getByLabel('Username').fill(userFor(role));
  await page.getByLabel('Password').fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
  assert.equal(new URL(page.url()).pathname, '/', `${role} signed in and went home`);
}

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const errorSummary = (page) => page.locator('.govuk-error-summary');
const errorLinks = async (page) => errorSummary(page).getByRole('link').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
const focusedId = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const summaryFocused = (page) => page.evaluate(
  () => !!document.activeElement?.closest('.govuk-error-summary'));
// The value of a row of the page's first summary list ("Next review due").
const summaryValue = (page, key) => page.locator('.govuk-summary-list').first()
  .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
  .locator('dd').innerText();
const successBanner = (page) => page.locator('.govuk-notification-banner--success');

// ---- 1. Signing in ----------------------------------------------------------------

test('an IRO signs in through the form: a wrong password is refused, the right one shows My children', async () => {
  const s = await startServer({ extraSql: GIVE_TEST_IRO_A_CASELOAD });
  let b;
  try {
    b = await openBrowser(s);
    const { page } = b;
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'signed out, the home page sends you to sign in');
    assert.equal(await h1(page), 'Sign in to Oversight');
    assert.equal(await page.title(), 'Sign in - Oversight');
    await b.accessible('the sign-in page');

    // A wrong password.
    await page.getByLabel('Username').fill(userFor('iro'));
    await page.getByLabel('Password').fill('not the password');
    await go(page, page.getByRole('button', { name: 'Sign in' }));
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await errorSummary(page).getByRole('heading').innerText(), 'There is a problem');
    assert.deepEqual(await errorLinks(page), [['Enter a correct username and password', '#username']]);
    assert.match(await page.locator('#username-error').innerText(), /Enter a correct username and password/);
    assert.equal(await page.getByLabel('Username').inputValue(), userFor('iro'), 'the username is kept');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not sent back');
    const focusedOnLoad = await summaryFocused(page);
    b.soft(() => assert.ok(focusedOnLoad, 'the error summary has focus when the page loads'));
    await b.titleSaysError('Sign in');
    await b.accessible('the sign-in page with an error');
    await errorSummary(page).getByRole('link', { name: 'Enter a correct username and password' }).click();
    assert.equal(await focusedId(page), 'username', 'the error links to the username field');

    // The right one.
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page, page.getByRole('button', { name: 'Sign in' }));
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await h1(page), 'My children');
    assert.equal(await page.title(), 'My children - Oversight');
    assert.match(await page.locator('.app-user-bar').innerText(), /Signed in as Test iro, IRO/);
    const allocated = Number(s.sql(`SELECT count(DISTINCT child_id) FROM allocation WHERE end_date IS NULL AND iro_id = ${s.iroId}`));
    assert.ok(allocated > 0, 'the test IRO has children');
    const stats = await page.locator('.app-stat').allInnerTexts();
    const stat = (label) => {
      const t = stats.find((x) => x.replace(/\s+/g, ' ').trim().endsWith(` ${label}`));
      assert.ok(t, `a count of "${label}" in ${JSON.stringify(stats)}`);
      return Number(t.trim().split(/\s+/)[0]);
    };
    assert.equal(stat(allocated === 1 ? 'child allocated' : 'children allocated'), allocated);
    // The overdue, due today and due soon counts agree with the worklist's
    // rows (a part with nothing in it is a sentence, not a table).
    const rowsOf = async (name) => {
      const t = page.getByRole('table', { name, exact: true });
      return (await t.count()) ? t.locator('tbody tr').count() : 0;
    };
    assert.equal(stat('overdue'), await rowsOf('Overdue'));
    assert.equal(stat('due today'), await rowsOf('Due today'));
    assert.equal(stat('due soon'), await rowsOf('Due soon'));
    assert.match(await page.locator('main').innerText(), /Your capacity is \d+ children\./);
    // One row per child in "Children and next review".
    const rows = page.getByRole('table', { name: 'Children and next review' }).locator('tbody tr');
    assert.equal(await rows.count(), allocated);
    assert.equal(await page.getByRole('link', { name: 'My children' }).getAttribute('aria-current'), 'page');
    await b.accessible('My children (the IRO dashboard)');
    b.done();
  } finally {
    await b?.close();
    await s.stop();
  }
});

// ---- 2. Recording a review -----------------------------------------------------------

test('an IRO records a review: mistakes are shown and kept, the corrected review moves the next review date', async () => {
  const s = await startServer({ extraSql: GIVE_TEST_IRO_A_CASELOAD });
  let b;
  try {
    // A child of the test IRO, in care, aged 4 or over, only ever in
    // registered placements (so the ordinary schedule applies), with no
    // review today.
    const ref = s.sql(`SELECT c.child_ref FROM child c
      JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL
      WHERE a.iro_id = ${s.iroId}
        AND EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
        AND NOT EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.registration <> 'registered')
        AND NOT EXISTS (SELECT 1 FROM review r WHERE r.child_id = c.id AND r.held_on = date('now', 'localtime'))
        AND c.dob <= date('now', 'localtime', '-4 years')
      ORDER BY c.child_ref LIMIT 1`);
    assert.ok(ref, 'a child to review');
    const name = s.sql(`SELECT given_name || ' ' || family_name FROM child WHERE child_ref = '${ref}'`);
    const day = today();

    b = await openBrowser(s);
    const { page } = b;
    await signIn(b, 'iro');
    const dashRow = page.getByRole('table', { name: 'Children and next review' })
      .getByRole('row', { name: new RegExp(`^${escapeRe(name)} ${ref} `) });
    const dashDueBefore = await dashRow.locator('td').nth(2).innerText();

    // The child's page.
    await go(page, page.getByRole('table', { name: 'Children and next review' }).getByRole('link', { name, exact: true }));
    assert.equal(new URL(page.url()).pathname, `/children/${ref}`);
    assert.equal(await h1(page), name);
    assert.equal(await page.title(), `${name} - Oversight`);
    const dueBefore = parseLong(await summaryValue(page, 'Next review due'));
    assert.equal(longDate(dueBefore), dashDueBefore, 'the dashboard and the child page agree');
    const inCareSince = parseLong(await summaryValue(page, 'In care since'));
    const reviewHeadings = await page.locator('.govuk-summary-card__title').allInnerTexts();
    // The page's other summary cards are its episodes ("From ... to ...").
    const reviewsThisPeriod = reviewHeadings.filter((h) => /Review on /.test(h))
      .map((h) => parseLong(/Review on (\d{1,2} [A-Za-z]+ \d{4})/.exec(h)[1]))
      .filter((d) => d >= inCareSince && d <= day).length;
    await b.accessible("the child's page");

    // The form.
    await go(page, page.getByRole('link', { name: 'Record a review' }));
    assert.equal(new URL(page.url()).pathname, `/children/${ref}/reviews/new`);
    assert.equal(await h1(page), `Record a review for ${name}`);
    assert.equal(await page.title(), `Record a review for ${name} - Oversight`);
    await b.accessible('the review form');
    const held = page.getByRole('group', { name: 'Date the review was held' });
    const mode = page.getByRole('group', { name: 'How was the review held?' });
    const permanence = page.getByRole('group', { name: 'Is a permanence plan in place?' });

    // First try: no date, no mode, and PN0 for a child of 4 or over.
    await page.getByLabel('PN0: under 4 on the day of the review').check();
    await permanence.getByLabel('Yes').check();
    const planType = page.getByRole('group', { name: 'Type of permanence plan' });
    await planType.getByLabel('Long-term fostering').check();
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.equal(new URL(page.url()).pathname, `/children/${ref}/reviews`);
    assert.equal(await errorSummary(page).getByRole('heading').innerText(), 'There is a problem');
    // Without a date, the age on the review date (for PN0) cannot be known yet.
    assert.deepEqual(await errorLinks(page), [
      ['Enter the date the review was held', '#held'],
      ['Select whether the review was in person or virtual', '#mode'],
    ]);
    assert.match(await page.locator('#held-error').innerText(), /Enter the date the review was held/);
    assert.match(await page.locator('#mode-error').innerText(), /Select whether the review was in person or virtual/);
    assert.ok(await page.getByLabel('PN0: under 4 on the day of the review').isChecked(), 'PN0 is still chosen');
    assert.ok(await permanence.getByLabel('Yes').isChecked(), 'the permanence answer is kept');
    assert.ok(await planType.getByLabel('Long-term fostering').isChecked(), 'the plan type is kept');
    await b.titleSaysError(`Record a review for ${name}`);
    const focused = await summaryFocused(page);
    b.soft(() => assert.ok(focused, 'the error summary has focus when the page loads'));
    await b.accessible('the review form with errors');
    await errorSummary(page).getByRole('link', { name: 'Enter the date the review was held' }).click();
    assert.equal(await focusedId(page), 'held', 'the error links to the day box of the date');

    // Second try: today's date and in person, but still PN0.
    await held.getByLabel('Day').fill(String(day.getDate()));
    await held.getByLabel('Month').fill(String(day.getMonth() + 1));
    await held.getByLabel('Year').fill(String(day.getFullYear()));
    await mode.getByLabel('In person').check();
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.deepEqual(await errorLinks(page), [
      ['PN0 is only for a child under 4 on the review date', '#participation'],
    ]);
    assert.match(await page.locator('#participation-error').innerText(), /PN0 is only for a child under 4 on the review date/);
    assert.equal(await held.getByLabel('Day').inputValue(), String(day.getDate()), 'the date typed is kept');
    assert.equal(await held.getByLabel('Month').inputValue(), String(day.getMonth() + 1));
    assert.equal(await held.getByLabel('Year').inputValue(), String(day.getFullYear()));
    assert.ok(await mode.getByLabel('In person').isChecked(), 'in person is kept');
    assert.ok(await planType.getByLabel('Long-term fostering').isChecked(), 'the plan type is kept');
    await b.titleSaysError(`Record a review for ${name}`);
    await b.accessible('the review form with the PN0 error');
    await errorSummary(page).getByRole('link', { name: 'PN0 is only for a child under 4 on the review date' }).click();
    assert.equal(await focusedId(page), 'participation', 'the error links to the participation radios');

    // Corrected: PN1.
    await page.getByLabel('PN1: attends and speaks for themself').check();
    await page.getByRole('group', { name: 'Did the IRO see or speak to the child before the review?' }).getByLabel('Yes').check();
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.equal(new URL(page.url()).pathname, `/children/${ref}`);
    assert.equal(await successBanner(page).getByRole('heading').innerText(), 'Success');
    assert.match(await successBanner(page).innerText(),
      /The review has been saved\. The next review date below has been worked out from it\./);

    // The review is listed, newest first.
    const card = page.locator('.govuk-summary-card').first();
    assert.match(await card.locator('.govuk-summary-card__title').innerText(), new RegExp(`^Review on ${longDate(day)}`));
    const cardText = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(cardText, /How it was held In person/);
    assert.match(cardText, /Participation PN1/);
    assert.match(cardText, /Permanence plan Yes/);

    // The next review date: the second review of a period is due 3 months
    // after the first, later ones 6 months after the one before (SPEC §3).
    const expected = addMonths(day, reviewsThisPeriod === 0 ? 3 : 6);
    const dueAfter = parseLong(await summaryValue(page, 'Next review due'));
    assert.equal(longDate(dueAfter), longDate(expected),
      `next review after ${reviewsThisPeriod} earlier review(s) this period`);
    assert.ok(dueAfter > dueBefore, `the next review date moved on from ${longDate(dueBefore)}`);
    await b.accessible("the child's page after saving a review");

    // The command line agrees.
    const line = cli(s, 'due', '--format', 'csv').split('\n')
      .find((l) => l.startsWith(`${ref},`) && l.split(',').at(-3) === 'review');
    assert.ok(line, `the CLI lists ${ref}'s next review`);
    assert.equal(line.split(',').at(-2), isoDate(expected));

    // And so does the dashboard.
    await go(page, page.getByRole('link', { name: 'My children' }));
    assert.equal(await dashRow.locator('td').nth(2).innerText(), longDate(expected));
    await b.accessible('My children after recording a review');
    b.done();
  } finally {
    await b?.close();
    await s.stop();
  }
});

// ---- 3. Allocating an IRO --------------------------------------------------------------

test('a QA manager allocates the suggested IRO to a waiting child, then changes IRO (a reason is required)', async () => {
  const s = await startServer({ extraSql: CHILD_WAITING_FOR_AN_IRO });
  let b;
  try {
    const day = today();
    // What the suggestion should be, from the command line.
    const [suggestedId, why] = cli(s, 'suggest', WAITING_REF).trim().split('\t');
    const suggested = s.sql(`SELECT name FROM iro WHERE id = ${Number(suggestedId)}`);
    const other = s.sql(`SELECT name FROM iro WHERE active = 1 AND id <> ${Number(suggestedId)} ORDER BY id LIMIT 1`);
    assert.ok(suggested && other);

    b = await openBrowser(s);
    const { page } = b;
    await signIn(b, 'qa-manager');
    assert.equal(await h1(page), 'Service dashboard');
    await b.accessible('the service dashboard');
    assert.match((await page.locator('.app-stat').allInnerTexts()).join('|').replace(/\s+/g, ' '), /[1-9]\d* without an IRO/);
    const waiting = page.locator('h2:text-is("Children waiting for an IRO") + ul');
    assert.ok(await waiting.getByRole('link', { name: `allocate an IRO to ${WAITING_NAME}` }).isVisible());

    // The child's page.
    await go(page, waiting.getByRole('link', { name: WAITING_NAME, exact: true }));
    assert.equal(new URL(page.url()).pathname, `/children/${WAITING_REF}`);
    assert.equal(await summaryValue(page, 'IRO'), 'No IRO allocated');
    assert.equal(await summaryValue(page, 'In care since'), longDate(new Date(day.getFullYear(), day.getMonth(), day.getDate() - 3)));
    assert.match(await page.getByRole('table', { name: 'IRO allocations' }).innerText(), /No IRO has been allocated\./);
    await b.accessible("the child's page of a child without an IRO");

    // The allocation form, with the suggestion chosen already.
    await go(page, page.getByRole('link', { name: 'Allocate an IRO' }));
    assert.equal(new URL(page.url()).pathname, `/children/${WAITING_REF}/allocation`);
    assert.equal(await h1(page), `Allocate an IRO for ${WAITING_NAME}`);
    assert.equal(await page.title(), `Allocate an IRO for ${WAITING_NAME} - Oversight`);
    assert.equal((await page.locator('.govuk-inset-text').innerText()).trim(), `Suggested: ${suggested}. ${why}.`);
    const iros = page.getByRole('group', { name: 'Which IRO?' });
    const iroRadio = (n) => iros.getByLabel(new RegExp(`^${escapeRe(n)} \\(\\d+ child(ren)?, capacity \\d+\\)$`));
    assert.ok(await iroRadio(suggested).isChecked(), 'the suggested IRO is chosen');
    const start = page.getByRole('group', { name: 'From which date?' });
    assert.equal(await start.getByLabel('Day').inputValue(), String(day.getDate()), 'from today');
    assert.equal(await start.getByLabel('Month').inputValue(), String(day.getMonth() + 1));
    assert.equal(await start.getByLabel('Year').inputValue(), String(day.getFullYear()));
    await b.accessible('the allocation form');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(new URL(page.url()).pathname, `/children/${WAITING_REF}`);
    assert.match(await successBanner(page).innerText(), /The IRO allocation has been saved\./);
    assert.equal(await summaryValue(page, 'IRO'), suggested);
    await b.accessible("the child's page after allocating an IRO");

    // Change IRO, first without a reason.
    await go(page, page.getByRole('link', { name: 'Change IRO' }));
    assert.equal(await h1(page), `Change the IRO for ${WAITING_NAME}`);
    assert.match(await page.locator('main').innerText(), new RegExp(`Their IRO now is ${suggested}, since ${longDate(day)}\\.`));
    await iroRadio(other).check();
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(await errorSummary(page).getByRole('heading').innerText(), 'There is a problem');
    assert.deepEqual(await errorLinks(page), [['Enter the reason for the change of IRO', '#reason']]);
    assert.match(await page.locator('#reason-error').innerText(), /Enter the reason for the change of IRO/);
    assert.ok(await iroRadio(other).isChecked(), 'the IRO chosen is kept');
    await b.titleSaysError(`Change the IRO for ${WAITING_NAME}`);
    await b.accessible('the change of IRO form with an error');
    await errorSummary(page).getByRole('link', { name: 'Enter the reason for the change of IRO' }).click();
    assert.equal(await focusedId(page), 'reason', 'the error links to the reason');

    // With a reason.
    await page.getByLabel('Reason for the change').fill('IRO moved to another team');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(new URL(page.url()).pathname, `/children/${WAITING_REF}`);
    assert.match(await successBanner(page).innerText(), /The IRO allocation has been saved\./);
    assert.equal(await summaryValue(page, 'IRO'), other);
    const history = await page.getByRole('table', { name: 'IRO allocations' }).locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    assert.deepEqual(history, [
      [other, longDate(day), 'Now'],
      [suggested, longDate(day), longDate(day)],
    ]);
    assert.equal(s.sql(`SELECT group_concat(reason, '|') FROM (SELECT reason FROM allocation
      WHERE child_id = (SELECT id FROM child WHERE child_ref = '${WAITING_REF}') ORDER BY id)`),
    'New to care|IRO moved to another team', 'the reason for the change is recorded');
    await b.accessible("the child's page after changing IRO");

    // The child no longer waits.
    await go(page, page.getByRole('link', { name: 'Service', exact: true }));
    assert.equal(await page.getByRole('link', { name: WAITING_NAME, exact: true }).count(), 0);
    await b.accessible('the service dashboard after allocating');
    b.done();
  } finally {
    await b?.close();
    await s.stop();
  }
});

// ---- 4. Signing out -----------------------------------------------------------------------

test('signing out ends the session: back at sign-in, and the old cookie no longer works', async () => {
  const s = await startServer();
  let b;
  try {
    b = await openBrowser(s);
    const { page, context } = b;
    await signIn(b, 'iro');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'oversight_session');
    assert.ok(cookie, 'signed in with a session cookie');
    assert.ok(cookie.httpOnly, 'the session cookie is HttpOnly');
    // This IRO has no children in the demo: the empty dashboard.
    assert.equal(await h1(page), 'My children');
    assert.match(await page.getByRole('table', { name: 'Children and next review' }).innerText(), /No children are allocated\./);
    await b.accessible('My children, with no children');

    await go(page, page.getByRole('button', { name: 'Sign out' }));
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await h1(page), 'Sign in to Oversight');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    assert.deepEqual((await context.cookies()).filter((c) => c.name === 'oversight_session' && c.value), []);
    await b.accessible('the sign-in page after signing out');

    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'home sends you to sign in');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/');

    // The old cookie, put back, is no good: the session ended on the server.
    await context.addCookies([cookie]);
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/login', 'the old session is gone');
    const r = await context.request.get('/', { maxRedirects: 0 });
    assert.equal(r.status(), 302);
    assert.equal(r.headers().location, '/login?next=%2F');
    b.done();
  } finally {
    await b?.close();
    await s.stop();
  }
});

// ---- 5. The other pages ------------------------------------------------------------------

test('an administrator visits the service dashboard, finds a child, and opens timescales, users and the audit log', async () => {
  const s = await startServer();
  let b;
  try {
    b = await openBrowser(s);
    const { page } = b;
    await signIn(b, 'admin');
    assert.equal(await h1(page), 'Service dashboard');
    await b.accessible('the service dashboard');

    // Find a child by family name.
    const [ref, given, family] = s.sql('SELECT child_ref, given_name, family_name FROM child ORDER BY child_ref LIMIT 1').split('|');
    await go(page, page.getByRole('link', { name: 'Find a child' }));
    assert.equal(await h1(page), 'Find a child');
    await b.accessible('find a child');
    await page.getByLabel("Child's ID or name").fill(family);
    await go(page, page.getByRole('button', { name: 'Search' }));
    const found = page.getByRole('table', { name: 'Children found' });
    assert.ok(await found.getByRole('row', { name: new RegExp(`^${escapeRe(`${given} ${family}`)} ${ref} `) }).isVisible());
    await b.accessible('find a child, with results');
    await go(page, found.getByRole('link', { name: `${given} ${family}`, exact: true }).first());
    assert.equal(await h1(page), `${given} ${family}`);
    await b.accessible("a child's page, for an administrator");

    // The administration pages are grouped under one menu item.
    await go(page, page.getByRole('link', { name: 'Administration' }));
    assert.equal(await h1(page), 'Administration');
    await b.accessible('the administration pages');
    const adminPage = (name) => go(page, page.getByRole('main').getByRole('link', { name, exact: true }));
    await adminPage('Timescales');
    assert.equal(await h1(page), 'Timescales');
    assert.equal(await page.title(), 'Timescales - Oversight');
    await b.accessible('timescales (the rules)');

    await go(page, page.getByRole('link', { name: 'Administration' }));
    await adminPage('Users');
    assert.equal(await h1(page), 'Users');
    assert.ok(await page.getByRole('link', { name: userFor('iro'), exact: true }).isVisible());
    await b.accessible('users');

    await go(page, page.getByRole('link', { name: 'Administration' }));
    await adminPage('Audit log');
    assert.equal(await h1(page), 'Audit log');
    // The view of the child's page above is in the log.
    const log = page.getByRole('table', { name: /Audit log entries/ });
    assert.ok(await log.getByRole('row', { name: new RegExp(`Test admin Looked at a child's record .*\\(child ${ref}\\)`) })
      .first().isVisible());
    await b.accessible('the audit log');
    b.done();
    assert.equal(b.pagesChecked.length, 8);
  } finally {
    await b?.close();
    await s.stop();
  }
});

// Children in unregistered provision (SPEC §4): an IRO finds the child on
// the list of everyone there today, records that the QA managers were
// notified and their visit, and makes the monthly oversight record (a check
// left unanswered first). Every page visited is checked with axe-core (WCAG
// 2.2 AA: no violations); a board member may not open any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, launchBrowser, axe, signIn as fetchSignIn, userFor, BIN, PASSWORD } from './lib.mjs';

const REF = '900101';
const NAME = 'Ruby Ashdown';
const PLACED_DAYS_AGO = 20;

// A 14-year-old placed in unregistered provision 20 days ago, allocated to
// the test IRO: nothing recorded yet, so the notification and the visit are
// overdue, and being under 16 makes them an exception.
const CHILD_IN_UNREGISTERED_PROVISION = `
INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, locality_id)
 VALUES ('${REF}', 'Ruby', 'Ashdown', date('now', 'localtime', '-14 years', '-2 months'), 'F', 'WBRI',
         (SELECT min(id) FROM locality));
INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, registration)
 VALUES ((SELECT id FROM child WHERE child_ref = '${REF}'), date('now', 'localtime', '-${PLACED_DAYS_AGO} days'),
         'S', 'C2', 'N1', 'K2', 'PR4', 'unregistered');
INSERT INTO allocation(child_id, iro_id, start_date, reason)
 VALUES ((SELECT id FROM child WHERE child_ref = '${REF}'), (SELECT iro_id FROM users WHERE username = 't-iro'),
         date('now', 'localtime', '-${PLACED_DAYS_AGO} days'), 'new');
`;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const longDate = (d) => `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
function daysAgo(n) {
  const t = new Date();
  return new Date(t.getFullYear(), t.getMonth(), t.getDate() - n);
}

function dueCsv(s) {
  const r = spawnSync(BIN, ['--db', s.db, 'due', '--status', 'all', '--format', 'csv'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `oversight due: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.startsWith(`${REF},`));
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

test('an IRO records the notification, the visit and the monthly oversight record', async () => {
  const context = await browser.newContext({ baseURL: s.base });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught error on ${page.url()}: ${e.message}`));
  const accessible = async (what) => {
    const v = await axe(page);
    if (v.length) problems.push(`axe on ${what}: ${v.join('; ')}`);
  };
  const go = async (locator) => { await locator.click(); await page.waitForLoadState('load'); };
  const errorLinks = () => page.locator('.govuk-error-summary a').evaluateAll(
    (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
  try {
    // Before: the visit is open for this child.
    assert.ok(dueCsv(s).some((l) => l.includes(',unreg-visit,')), 'the visit is due before it is recorded');

    await page.goto('/login');
    await page.getByLabel('Username').fill(userFor('iro'));
    await page.getByLabel('Password').fill(PASSWORD);
    await go(page.getByRole('button', { name: 'Sign in' }));

    // The list of every child there today.
    await page.goto('/unregistered');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Children in unregistered provision');
    const row = page.locator('tr', { has: page.getByRole('link', { name: NAME, exact: true }) });
    assert.equal(await row.count(), 1, 'the child is listed');
    const cells = await row.locator('td').allInnerTexts();
    assert.match(cells[0], /Exception: under 16/);
    assert.equal(cells[1].trim(), '14');
    assert.equal(cells[2].trim(), longDate(daysAgo(PLACED_DAYS_AGO)));
    assert.match(cells[3], /Not recorded/);
    assert.match(cells[3], /Overdue/);
    assert.match(cells[4], new RegExp(`Due by ${longDate(daysAgo(PLACED_DAYS_AGO - 14))}`));
    assert.match(cells[4], /Overdue/);
    await accessible('the list of children in unregistered provision');

    // The child's page, from the "record it" link.
    await go(row.getByRole('link', { name: `Record it for ${NAME}` }));
    assert.equal(new URL(page.url()).pathname, `/children/${REF}/unregistered`);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Unregistered provision: ${NAME}`);
    assert.match(await page.locator('main').innerText(), /Exception: under 16/);
    await accessible("the child's unregistered provision page");

    // 1. The QA managers were notified on the day of placement.
    const placed = daysAgo(PLACED_DAYS_AGO);
    const notified = page.locator('form[action$="/unregistered/notified"]');
    await notified.getByLabel('Day').fill(String(placed.getDate()));
    await notified.getByLabel('Month').fill(String(placed.getMonth() + 1));
    await notified.getByLabel('Year').fill(String(placed.getFullYear()));
    await notified.getByLabel('Who notified them (optional)').fill('Brokerage officer');
    await go(notified.getByRole('button', { name: 'Save notification' }));
    assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /QA managers' notification has been recorded/);
    assert.match(await page.locator('main').innerText(), /Brokerage officer/);
    await accessible('the page after recording the notification');

    // 2. The visit, yesterday.
    const y = daysAgo(1);
    const visit = page.locator('form[action$="/unregistered/visit"]');
    await visit.getByLabel('Day').fill(String(y.getDate()));
    await visit.getByLabel('Month').fill(String(y.getMonth() + 1));
    await visit.getByLabel('Year').fill(String(y.getFullYear()));
    await visit.getByLabel('What you found (optional)').fill('Saw Ruby alone; settled.');
    await go(visit.getByRole('button', { name: 'Save visit' }));
    assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /IRO's visit has been recorded/);
    assert.match(await page.locator('main').innerText(), /Saw Ruby alone; settled\./);

    // 3. The monthly record with check c unanswered: the summary names it.
    let rec = page.locator('form[action$="/unregistered/record"]');
    await rec.locator('#check_a').check();
    await rec.locator('#check_b').check();
    await rec.locator('#check_d').check();
    await rec.getByLabel('Note on check a (optional)').fill('Weekly visits seen on file.');
    await go(rec.getByRole('button', { name: 'Save oversight record' }));
    assert.equal(await page.title(), `Error: Unregistered provision: ${NAME} - Oversight`);
    const links = await errorLinks();
    assert.deepEqual(links, [['Say whether the child is seen away from the placement (check c): yes or no', '#check_c']]);
    await accessible('the oversight record with an error');
    rec = page.locator('form[action$="/unregistered/record"]');
    assert.equal(await rec.getByLabel('Note on check a (optional)').inputValue(), 'Weekly visits seen on file.', 'values kept');
    assert.ok(await rec.locator('#check_b').isChecked(), 'answers kept');
    await page.locator('.govuk-error-summary a').click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'check_c', 'the error links to check c');

    // Then complete it.
    await rec.locator('#check_c-2').check();   // no
    await rec.getByLabel('Note on check c (optional)').fill('Not yet: raised with the team manager.');
    await go(rec.getByRole('button', { name: 'Save oversight record' }));
    assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /monthly oversight record has been saved/);
    const now = new Date();
    const card = page.locator('.govuk-summary-card', { hasText: `Oversight record for ${MONTHS[now.getMonth()]} ${now.getFullYear()}` });
    assert.equal(await card.count(), 1, 'the record is shown');
    const text = await card.innerText();
    assert.match(text, /the child is seen away from the placement\s+No: Not yet: raised with the team manager\./i);
    assert.match(text, /weekly\s+Yes: Weekly visits seen on file\./i);
    await accessible('the page showing the record');

    // The list now shows all three done.
    await page.goto('/unregistered');
    const after = await page.locator('tr', { has: page.getByRole('link', { name: NAME, exact: true }) }).locator('td').allInnerTexts();
    assert.equal(after[3].trim(), longDate(placed));
    assert.match(after[4], new RegExp(`Visited ${longDate(y)}`));
    assert.match(after[5], /Done on/);
    await accessible('the list after recording');

    // The deadlines: the visit and the notification are no longer open, and
    // the next oversight record is not due for a month.
    const open = dueCsv(s);
    assert.ok(!open.some((l) => /,(unreg-visit|unreg-qa-notified),/.test(l)),
      `the visit and the notification are done: ${open.join(' | ')}`);
    const next = open.filter((l) => l.includes(',oversight-record,'));
    assert.equal(next.length, 1, open.join(' | '));
    assert.match(next[0], /,ok$/, 'the next monthly record is not due yet');

    // The audit log has every change and the views.
    const audit = s.sql(`SELECT action FROM audit_log WHERE record = 'child:${REF}' ORDER BY id`).split('\n');
    assert.equal(audit.filter((a) => a === 'unreg-event.add').length, 2, audit.join(','));
    assert.equal(audit.filter((a) => a === 'oversight-record.add').length, 1, audit.join(','));
    assert.ok(audit.includes('child.view'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a board member cannot open any of it; an empty form saves nothing', async () => {
  const board = await fetchSignIn(s.base, 'board');
  for (const p of ['/unregistered', `/children/${REF}/unregistered`]) {
    const r = await fetch(s.base + p, { headers: { cookie: board.cookie }, redirect: 'manual' });
    assert.equal(r.status, 403, p);
    const t = await r.text();
    assert.ok(!t.includes('Ashdown'), `${p}: no name sent`);
  }
  for (const f of ['notified', 'visit', 'record']) {
    const r = await fetch(`${s.base}/children/${REF}/unregistered/${f}`, {
      method: 'POST', redirect: 'manual', headers: { cookie: board.cookie },
      body: new URLSearchParams({ csrf: board.csrf }),
    });
    assert.equal(r.status, 403, f);
  }
  const iro = await fetchSignIn(s.base, 'iro');
  const n = s.sql(`SELECT (SELECT count(*) FROM unreg_event) || ' ' || (SELECT count(*) FROM oversight_record)`);
  for (const f of ['notified', 'visit', 'record']) {
    const r = await fetch(`${s.base}/children/${REF}/unregistered/${f}`, {
      method: 'POST', redirect: 'manual', headers: { cookie: iro.cookie },
      body: new URLSearchParams({ csrf: iro.csrf }),
    });
    assert.equal(r.status, 200, f);
    assert.match(await r.text(), /govuk-error-summary/, f);
  }
  assert.equal(s.sql(`SELECT (SELECT count(*) FROM unreg_event) || ' ' || (SELECT count(*) FROM oversight_record)`), n);
});

test('a child not in unregistered provision: the page says so plainly', async () => {
  const iro = await fetchSignIn(s.base, 'iro');
  const other = s.sql(`SELECT child_ref FROM child c WHERE NOT EXISTS (SELECT 1 FROM episode e
    WHERE e.child_id = c.id AND e.registration = 'unregistered') ORDER BY child_ref LIMIT 1`);
  const r = await fetch(`${s.base}/children/${other}/unregistered`, { headers: { cookie: iro.cookie } });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /is not in unregistered provision/);
});

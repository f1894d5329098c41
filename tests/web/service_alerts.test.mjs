// Alerts beyond children's deadlines (issue 18, docs/alerts.md) in a real
// browser: the Designated Officer sees LADO alerts on /alerts, grouped under
// a heading, each linking to its case, and acknowledges one (a note too long
// first: the error summary and the field's own error; then a note that is
// shown after, with who and when in words). The private fostering worker and
// the residential manager see their services'; an IRO sees no LADO alert
// and cannot acknowledge one. Every page is checked with axe-core (WCAG 2.2
// AA) and must log no console error or Content-Security-Policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage as signIn, signIn as fetchSignIn } from './lib.mjs';

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 20 });
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const h2s = (page) => page.getByRole('heading', { level: 2 }).allInnerTexts();
const errorLinks = (page) => page.locator('.govuk-error-summary').getByRole('link').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
const path = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

async function fillDate(page, legend, d) {
  const g = page.getByRole('group', { name: legend });
  await g.getByLabel('Day').fill(String(d.getDate()));
  await g.getByLabel('Month').fill(String(d.getMonth() + 1));
  await g.getByLabel('Year').fill(String(d.getFullYear()));
}

// A contact received today: its decision is due by the next working day,
// so it is an alert whatever day the test runs.
async function recordContact(page, adult) {
  await page.goto('/lado/contacts/new');
  await fillDate(page, 'Date the information was received', new Date());
  await page.getByLabel('Time it was received').fill('00:05');
  await page.getByLabel('Who made the referral').fill('Jo O\'Brien, DSL');
  await page.getByLabel('Referrer\'s agency').fill('Hillside Primary School');
  await page.getByLabel('Name of the adult the allegation is about').fill(adult);
  await page.getByLabel('Their role').fill('Teaching assistant');
  await page.getByLabel('Their employer').fill('Hillside Primary School');
  await page.getByLabel('Sector').selectOption('education');
  await page.getByLabel('Children involved').fill('Pupil A (8)');
  await page.getByLabel('What was alleged').fill('Pulled a pupil by the arm in the playground.');
  await go(page, page.getByRole('button', { name: 'Save contact' }));
  const m = /^\/lado\/cases\/(\d+)\?saved=lado-contact$/.exec(path(page));
  assert.ok(m, `redirected to the new case, not ${path(page)}`);
  return m[1];
}

test('the Designated Officer sees LADO alerts and acknowledges one with a note', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signIn(page, 'lado');
    const id = await recordContact(page, 'Alex Quillfeather');
    assert.ok(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Alerts' }).count());
    await page.goto('/alerts');
    assert.equal(await h1(page), 'Alerts');
    // Their service only: no children's alerts, no other service's.
    assert.deepEqual(await h2s(page), ['LADO cases']);
    await b.accessible('alerts of the Designated Officer');
    const card = page.locator('.govuk-summary-card')
      .filter({ has: page.getByRole('link', { name: `LADO case ${id}`, exact: true }) })
      .filter({ hasText: 'Decision on the contact' });
    assert.equal(await card.count(), 1, 'the new contact\'s decision is an alert');
    assert.equal(await card.getByRole('link', { name: `LADO case ${id}` }).getAttribute('href'), `/lado/cases/${id}`);
    // Dates in words, no codes, no person named.
    assert.match(await card.innerText(), /Due\s+\d{1,2} [A-Z][a-z]+ \d{4}\s+(Due today|Due soon)/);
    assert.match(await card.innerText(), /Acknowledged\s+Not yet/);
    const html = await page.content();
    assert.ok(!html.includes('Alex Quillfeather'), 'the list names no adult');
    assert.ok(!/decision due|initial-meeting|\d{4}-\d{2}-\d{2}T/.test(await page.locator('main').innerText()));

    // Too long a note: refused with the maximum said, kept in the field.
    const note = card.getByLabel(/^Note \(optional\)/);
    await note.fill('x'.repeat(251));
    // GOV.UK's character count says so as it is typed.
    await card.locator('.govuk-character-count__status', { hasText: 'You have 1 character too many' }).waitFor();
    await go(page, card.getByRole('button', { name: /^Acknowledge/ }));
    const errs = await errorLinks(page);
    assert.equal(errs.length, 1);
    assert.equal(errs[0][0], 'The note must be 250 characters or fewer');
    const fieldId = errs[0][1].slice(1);
    assert.equal(await page.locator(`#${fieldId}`).inputValue(), 'x'.repeat(251), 'the note is kept, not cut short');
    assert.match(await page.locator(`#${fieldId}-error`).innerText(), /250 characters or fewer/);
    assert.match(await page.title(), /^Error: /);
    await b.accessible('alerts with an error');
    assert.equal(s.sql('SELECT count(*) FROM service_alert_ack'), '0');

    await page.locator(`#${fieldId}`).fill('Strategy discussion booked for Monday');
    await go(page, page.locator('.govuk-summary-card').filter({ has: page.locator(`#${fieldId}`) })
      .getByRole('button', { name: /^Acknowledge/ }));
    assert.equal(path(page), '/alerts?saved=alert');
    assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /acknowledged/);
    const done = page.locator('.govuk-summary-card')
      .filter({ has: page.getByRole('link', { name: `LADO case ${id}`, exact: true }) })
      .filter({ hasText: 'Decision on the contact' });
    assert.match(await done.innerText(),
      /Acknowledged by Test lado on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm): Strategy discussion booked for Monday/);
    assert.equal(await done.getByRole('button').count(), 0, 'acknowledged: no form');
    await b.accessible('alerts after acknowledging');
    assert.equal(s.sql(`SELECT count(*) FROM service_alert_ack WHERE service = 'lado' AND record_id = ${id}`), '1');
    assert.match(s.sql(`SELECT after_value FROM audit_log WHERE record = 'lado:${id}' AND action = 'alert.ack'`),
      /acknowledged: Strategy discussion booked for Monday/);
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

for (const [role, heading, href] of [
  ['pf-worker', 'Private fostering', '/private-fostering/'],
  ['residential-manager', 'Children\'s homes', '/homes/'],
]) {
  test(`the ${role} sees their service's alerts`, async () => {
    const b = await browserSession(browser, s.base);
    const { page } = b;
    try {
      await signIn(page, role);
      await page.goto('/alerts');
      assert.deepEqual(await h2s(page), [heading]);
      // The demo's records, as of a day already past, have items due.
      const links = await page.locator('.govuk-summary-card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.length > 0, `${role}: no alerts on the demo`);
      for (const l of links) assert.ok(l.startsWith(href), `${role}: ${l}`);
      assert.ok(await page.locator('.govuk-character-count').count() > 0, 'each with a note and its character count');
      await b.accessible(`alerts of the ${role}`);
      // At 320 px the cards and their forms fit: nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 640 });
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'fits 320 px');
      assert.deepEqual(b.failures, []);
    } finally {
      await b.context.close();
    }
  });
}

test('an IRO sees no LADO alert and cannot acknowledge one', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signIn(page, 'iro');
    await page.goto('/alerts');
    const heads = await h2s(page);
    assert.ok(!heads.includes('LADO cases'), heads.join(', '));
    assert.ok(heads.includes('Escalations'), 'the escalations they raised');
    assert.equal(await page.locator('a[href^="/lado/"]').count(), 0);
    await b.accessible('alerts of an IRO');
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
  // Nor by posting the form by hand.
  // Refused for the service, before whether it is open is even asked.
  const id = s.sql('SELECT max(id) FROM lado_case');
  const due = new Date().toISOString().slice(0, 10);
  const { cookie, csrf } = await fetchSignIn(s.base, 'iro');
  const before = s.sql('SELECT count(*) FROM service_alert_ack');
  const r = await fetch(s.base + '/alerts/acknowledge', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, service: 'lado', record: id, item: 'decision', due, note: 'seen' }),
  });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /You cannot acknowledge LADO alerts/);
  assert.equal(s.sql('SELECT count(*) FROM service_alert_ack'), before);
});

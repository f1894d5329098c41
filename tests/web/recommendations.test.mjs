// Review recommendations tracked to done (issue 16), in a real browser. An
// IRO records a review of a child on their caseload with three
// recommendations (asking for a fourth row first, which posts the form back
// without JavaScript and keeps what was typed); two are given due dates
// already past, so they are overdue at once and show in the IRO's worklist,
// in their alerts and on the service dashboard. The IRO adds a progress
// note to one and marks it done, and raises an escalation from another,
// which then links both ways. Every page visited is checked with axe-core
// (WCAG 2.2 AA), and no page may log a console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage as signIn, userFor } from './lib.mjs';

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 40 });
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const banner = (page) => page.locator('.govuk-notification-banner--success').innerText();
const summaryValue = (page, key) => page.locator('.govuk-summary-list').first()
  .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
  .locator('dd').innerText();

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

// Dates counted from the server's today (it runs on the real clock).
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return { d: String(d.getDate()), m: String(d.getMonth() + 1), y: String(d.getFullYear()),
    iso: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}` };
}
async function fillDate(group, when) {
  await group.getByLabel('Day').fill(when.d);
  await group.getByLabel('Month').fill(when.m);
  await group.getByLabel('Year').fill(when.y);
}

test('an IRO records three recommendations, sees the overdue ones, marks one done and escalates another', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    // A child of 6 or more in care (PN1 fits), with earlier recommendations
    // still open; the test IRO user works that child's IRO's caseload.
    const [ref, given, family, iro] = s.sql(`SELECT c.child_ref, c.given_name, c.family_name, a.iro_id FROM child c
      JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL
      WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
        AND EXISTS (SELECT 1 FROM recommendation x WHERE x.child_id = c.id AND x.status = 'open')
        AND c.dob <= date('now', '-6 years')
      ORDER BY c.child_ref LIMIT 1`).split('|');
    assert.ok(ref, 'a child in care with open recommendations');
    s.sql(`UPDATE users SET iro_id = ${iro} WHERE username = '${userFor('iro')}'`);
    const childId = s.sql(`SELECT id FROM child WHERE child_ref = '${ref}'`);
    const openBefore = Number(s.sql(`SELECT count(*) FROM recommendation WHERE child_id = ${childId} AND status = 'open'`));
    await signIn(page, 'iro');

    // ---- The review form, with a row added by posting back.
    await page.goto(`/children/${encodeURIComponent(ref)}/reviews/new`);
    assert.match(await h1(page), /^Record a review for /);
    if (openBefore) {
      assert.ok(await page.getByRole('heading', { name: 'Recommendations from earlier reviews' }).isVisible(),
        'the earlier reviews\' open recommendations are listed to close or carry forward');
    }
    await b.accessible('the review form');
    await fits320(page, b.failures, 'the review form');
    const held = day(-10);
    await fillDate(page.getByRole('group', { name: 'Date the review was held' }), held);
    await page.getByRole('group', { name: 'Recommendation 1' }).getByLabel('What is to be done').fill('Book a dental check-up');
    assert.equal(await page.getByRole('group', { name: /^Recommendation \d$/ }).count(), 3);
    await go(page, page.getByRole('button', { name: 'Add another recommendation' }));
    assert.equal(await page.getByRole('group', { name: /^Recommendation \d$/ }).count(), 4, 'a fourth row');
    assert.equal(await page.getByRole('group', { name: 'Recommendation 1' }).getByLabel('What is to be done').inputValue(),
      'Book a dental check-up', 'what was typed is kept');
    assert.equal(await page.locator('.govuk-error-summary').count(), 0, 'adding a row checks nothing');
    assert.equal(Number(s.sql(`SELECT count(*) FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`)), 0);
    await b.accessible('the review form with a row added');

    await page.getByRole('group', { name: 'How was the review held?' }).getByLabel('In person').check();
    await page.getByLabel('PN1: attends and speaks for themself').check();
    const rows = [
      ['Book a dental check-up', 'Carer', "Jo O'Neill", day(-3)],
      ['Refer to CAMHS, with the child\'s agreement', 'Social worker', 'Lee Harper', day(-2)],
      ['Update the personal education plan', 'Education', 'Virtual School', day(30)],
    ];
    for (let i = 0; i < rows.length; i++) {
      const g = page.getByRole('group', { name: `Recommendation ${i + 1}` });
      await g.getByLabel('What is to be done').fill(rows[i][0]);
      await g.getByLabel('Who is responsible').selectOption({ label: rows[i][1] });
      await g.getByLabel('Their name (optional)').fill(rows[i][2]);
      await fillDate(g.getByRole('group', { name: 'Due by' }), rows[i][3]);
    }
    // A due date before the review is refused, and nothing is saved.
    const g3due = page.getByRole('group', { name: 'Recommendation 3' }).getByRole('group', { name: 'Due by' });
    await fillDate(g3due, day(-30));
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /on or after the date of the review/);
    assert.equal(Number(s.sql(`SELECT count(*) FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`)), 0,
      'nothing saved');
    await b.accessible('the review form with an error');
    await fillDate(g3due, rows[2][3]);
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.match(await banner(page), /The review has been saved/);
    await b.accessible('the child page with recommendations');
    await fits320(page, b.failures, 'the child page');
    const recs = s.sql(`SELECT x.id FROM recommendation x JOIN review r ON r.id = x.review_id
      WHERE x.child_id = ${childId} AND r.held_on = '${held.iso}' ORDER BY x.id`).split('\n');
    assert.equal(recs.length, 3, 'three recommendations saved with the review');
    // The earlier open ones were carried forward (the form's default).
    assert.equal(Number(s.sql(`SELECT count(*) FROM recommendation x JOIN review r ON r.id = x.carried_review_id
      WHERE x.child_id = ${childId} AND r.held_on = '${held.iso}'`)), openBefore);
    assert.equal(Number(s.sql(`SELECT count(*) FROM audit_log WHERE action = 'recommendation.add'
      AND actor = '${userFor('iro')}' AND record = 'child:${ref}'`)), 3, 'each addition audited');

    // ---- Overdue: in the worklist, the alerts and the service dashboard.
    const label = 'Review recommendation carried out';
    await page.goto('/');
    const worklist = await page.locator('main').innerText();
    assert.ok(worklist.includes(label), 'the IRO\'s worklist lists the overdue recommendations');
    await b.accessible('the IRO\'s home page');
    await page.goto('/alerts');
    const alertRows = page.locator('tr', { hasText: label }).filter({ hasText: `${given} ${family}` });
    assert.ok(await alertRows.count() >= 2, 'both overdue recommendations are alerts');
    await b.accessible('the alerts');

    // ---- Mark the first done, with a progress note first.
    await page.goto(`/children/${encodeURIComponent(ref)}`);
    await go(page, page.getByRole('link', { name: 'Book a dental check-up' }).first());
    assert.equal(await h1(page), 'Recommendation');
    assert.equal(await summaryValue(page, 'Who is responsible'), "Carer: Jo O'Neill");
    await b.accessible('the recommendation page');
    await fits320(page, b.failures, 'the recommendation page');
    await page.getByLabel('Add a progress note').fill('Carer says the appointment is booked');
    await go(page, page.getByRole('button', { name: 'Save note' }));
    assert.match(await banner(page), /progress note has been saved/);
    assert.match(await page.locator('main').innerText(), /Carer says the appointment is booked/);
    await page.getByRole('group', { name: 'Was it done?' }).getByLabel('Done', { exact: true }).check();
    await go(page, page.getByRole('button', { name: 'Save', exact: true }));
    assert.match(await banner(page), /recommendation has been closed/);
    assert.match(await summaryValue(page, 'Status'), /^Done late on /);
    assert.equal(s.sql(`SELECT status FROM recommendation WHERE id = ${recs[0]}`), 'done');
    const closeAudit = s.sql(`SELECT before_value || ' => ' || after_value FROM audit_log
      WHERE action = 'recommendation.close' AND after_value LIKE 'recommendation ${recs[0]}:%'`);
    assert.match(closeAudit, /status open.*=> .*status done on/, 'audited with before and after');
    await b.accessible('the recommendation page, done');

    // ---- Escalate the second from its page.
    await page.goto(`/children/${encodeURIComponent(ref)}/recommendations/${recs[1]}`);
    await go(page, page.getByRole('link', { name: 'Raise an escalation' }));
    assert.equal(await h1(page), 'Raise an escalation');
    assert.equal(await page.getByLabel('Which children is it about?').inputValue(), ref);
    assert.match(await page.getByLabel('What is the concern?').inputValue(), /Refer to CAMHS/);
    await b.accessible('the raise form from a recommendation');
    await page.getByRole('group', { name: 'Category' }).getByLabel('Drift and delay').check();
    await page.getByRole('group', { name: 'Topic' }).getByLabel('Health').check();
    await page.getByLabel('What outcome do you want?').fill('The referral made this week.');
    await page.getByLabel('Who must respond first?').fill('Priya Nair, team manager');
    await go(page, page.getByRole('button', { name: 'Raise escalation' }));
    assert.match(await h1(page), /^Escalation \d+$/);
    const escId = (await h1(page)).replace(/\D/g, '');
    assert.match(await summaryValue(page, 'Raised from'), /Refer to CAMHS/);
    await b.accessible('the escalation raised from a recommendation');
    await go(page, page.getByRole('link', { name: /the recommendation of the review on/ }));
    assert.match(await summaryValue(page, 'Escalation'), new RegExp(`Escalation ${escId}`));
    assert.equal(await page.getByRole('link', { name: 'Raise an escalation' }).count(), 0, 'not offered twice');
    assert.equal(s.sql(`SELECT escalation_id FROM recommendation WHERE id = ${recs[1]}`), escId);

    // ---- The service dashboard lists every overdue item, this one too.
    await page.context().clearCookies();
    await signIn(page, 'qa-manager');
    await page.goto('/service');
    assert.ok((await page.locator('tr', { hasText: label }).filter({ hasText: `${given} ${family}` }).count()) >= 1,
      'on the service dashboard');
    await b.accessible('the service dashboard');
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

test('a contact\'s note is shown on the child\'s page and in the download', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    const [ref, iro] = s.sql(`SELECT c.child_ref, a.iro_id FROM child c JOIN allocation a ON a.child_id = c.id
      AND a.end_date IS NULL WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
      ORDER BY c.child_ref DESC LIMIT 1`).split('|');
    s.sql(`UPDATE users SET iro_id = ${iro} WHERE username = '${userFor('iro')}'`);
    await signIn(page, 'iro');
    await page.goto(`/children/${encodeURIComponent(ref)}/contacts/new`);
    await page.getByRole('group', { name: 'What kind of contact?' }).getByLabel('Visit').check();
    await page.getByRole('group', { name: 'Who was it with?' }).getByLabel('The child').check();
    await page.getByLabel('Note (optional)').fill('Saw her at school <b>alone</b>');
    await go(page, page.getByRole('button', { name: 'Save contact' }));
    const table = page.getByRole('table', { name: 'IRO contacts' });
    assert.match(await table.innerText(), /Saw her at school <b>alone<\/b>/, 'shown, escaped');
    await b.accessible('the child page with a contact note');
    const csv = await page.evaluate(async (u) => (await fetch(u)).text(), `/children/${encodeURIComponent(ref)}/download.csv`);
    assert.match(csv, /Saw her at school <b>alone<\/b>/);
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

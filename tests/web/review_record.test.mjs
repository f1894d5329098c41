// The review meeting and its written record (issue 16), in a real browser.
// An IRO records a review of a child of 10 or more with the people invited
// (a fourth row added by posting the form back, no JavaScript), where it
// was held, the child's views, the child chairing, the plan's type and the
// IRO's view of it, and three recommendations; the printable record of the
// review shows them all (and, printed, no header or navigation), and the
// letter to the child says them in plain words; the day each was sent is
// recorded, the record's as the minutes. A baby is never offered chairing,
// and the server refuses it if asked anyway. Then a truncation walk: every
// text field of the review form refuses a value one character too long
// with an error on that field, and keeps one at the maximum exactly.
// Every page is checked with axe-core (WCAG 2.2 AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signIn, signInPage, userFor } from './lib.mjs';

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

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

// A child in care for a year or more, aged at least minAge (and under 16,
// so no pathway questions), allocated to an IRO; the test IRO user is made
// that IRO. Returns [ref, given, family, childId].
function childInCare(minAge, offset = 0) {
  const [ref, given, family, iro, id] = s.sql(`SELECT c.child_ref, c.given_name, c.family_name, a.iro_id, c.id
    FROM child c JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL
    WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL
                  AND e.start_date <= date('now', '-1 year'))
      AND c.dob <= date('now', '-${minAge} years') AND c.dob > date('now', '-15 years')
    ORDER BY c.child_ref LIMIT 1 OFFSET ${offset}`).split('|');
  assert.ok(ref, `a child in care aged ${minAge} or more`);
  s.sql(`UPDATE users SET iro_id = ${iro} WHERE username = '${userFor('iro')}'`);
  return [ref, given, family, id];
}

test('a review with its people, plan and three recommendations, its printable record and the letter', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    const [ref, given, family, childId] = childInCare(11);
    await signInPage(page, 'iro');
    await page.goto(`/children/${encodeURIComponent(ref)}/reviews/new`);
    assert.match(await h1(page), /^Record a review for /);
    const held = day(-6);
    await fillDate(page.getByRole('group', { name: 'Date the review was held' }), held);
    await page.getByRole('group', { name: 'How was the review held?' }).getByLabel('In person').check();
    await page.getByLabel('PN1: attends and speaks for themself').check();
    await page.getByRole('group', { name: 'Did the child return their views form?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'How did the child give their views?' }).getByLabel('Spoke at the meeting').check();
    await page.getByLabel('Where was it held?').fill("St Anne's Family Centre, Room 2");
    // GOV.UK's character count says the maximum.
    assert.match(await page.locator('#location-info').innerText(), /200 characters/);

    const people = [
      ['The child', '', 'Attended'],
      ['Social worker', 'Lee Harper', 'Attended'],
      ['Parent or family member', "Sam O'Brien", 'Sent their views'],
      ['Carer', 'Jo Nolan', 'Did not attend or send views'],
    ];
    for (let i = 0; i < 3; i++) {
      const g = page.getByRole('group', { name: `Person ${i + 1}`, exact: true });
      await g.getByLabel('Role').selectOption({ label: people[i][0] });
      await g.getByLabel('Name (optional)').fill(people[i][1]);
      await g.getByLabel(people[i][2]).check();
    }
    assert.equal(await page.getByRole('group', { name: /^Person \d+$/ }).count(), 3);
    await go(page, page.getByRole('button', { name: 'Add another person' }));
    assert.equal(await page.getByRole('group', { name: /^Person \d+$/ }).count(), 4, 'a fourth row');
    assert.equal(await page.getByRole('group', { name: 'Person 3', exact: true }).getByLabel('Name (optional)').inputValue(),
      "Sam O'Brien", 'what was typed is kept');
    assert.equal(await page.getByLabel('Where was it held?').inputValue(), "St Anne's Family Centre, Room 2");
    assert.equal(await page.locator('.govuk-error-summary').count(), 0, 'adding a row checks nothing');
    const g4 = page.getByRole('group', { name: 'Person 4', exact: true });
    await g4.getByLabel('Role').selectOption({ label: people[3][0] });
    await g4.getByLabel('Name (optional)').fill(people[3][1]);
    await g4.getByLabel(people[3][2]).check();
    await b.accessible('the review form with a person added');
    await fits320(page, b.failures, 'the review form');

    // Eleven or more: chairing is offered.
    await page.getByRole('group', { name: 'Did the child chair their review?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Is a permanence plan in place?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Type of permanence plan' }).getByLabel('Long-term fostering').check();
    await page.getByLabel("The IRO's view of the plan").fill('The plan meets her needs; contact with her brother must be settled.');
    const recs = [
      ['Arrange weekly contact with her brother', 'Social worker', 'Lee Harper', day(20)],
      ['Book a dental check-up', 'Carer', 'Jo Nolan', day(30)],
      ['Update the personal education plan', 'Education', 'Virtual School', day(40)],
    ];
    for (let i = 0; i < recs.length; i++) {
      const g = page.getByRole('group', { name: `Recommendation ${i + 1}` });
      await g.getByLabel('What is to be done').fill(recs[i][0]);
      await g.getByLabel('Who is responsible').selectOption({ label: recs[i][1] });
      await g.getByLabel('Their name (optional)').fill(recs[i][2]);
      await fillDate(g.getByRole('group', { name: 'Due by' }), recs[i][3]);
    }
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.match(await banner(page), /The review has been saved/);
    const reviewId = s.sql(`SELECT id FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`);
    assert.ok(reviewId, 'saved');
    assert.equal(s.sql(`SELECT location || '|' || permanence_type || '|' || child_chaired || '|' || views_form || '|' || views_how
      FROM review WHERE id = ${reviewId}`), "St Anne's Family Centre, Room 2|long-term-fostering|1|1|at-meeting");
    assert.equal(s.sql(`SELECT group_concat(role || ':' || name || ':' || took_part, ',') FROM
      (SELECT * FROM review_attendee WHERE review_id = ${reviewId} ORDER BY position)`),
    "child::attended,social-worker:Lee Harper:attended,parent:Sam O'Brien:sent-views,carer:Jo Nolan:did-not");
    assert.match(s.sql(`SELECT after_value FROM audit_log WHERE action = 'review.meeting' AND record = 'child:${ref}'`),
      /location: St Anne's Family Centre, Room 2.*attendees: child/, 'the meeting audited, each field');

    // ---- The record of the review: from the data, audited as a view.
    const views = () => Number(s.sql(`SELECT count(*) FROM audit_log WHERE action = 'child.view' AND record = 'child:${ref}'`));
    const viewsBefore = views();
    await go(page, page.getByRole('link', { name: new RegExp(`^Record of the review on`) }).first());
    assert.equal(await h1(page), `Record of the review for ${given} ${family}`);
    assert.equal(views(), viewsBefore + 1, 'viewing the record is an audited view of the child\'s record');
    const main = await page.locator('main').innerText();
    for (const [role, name, part] of people) {
      assert.ok(main.includes(role), `the record lists ${role}`);
      if (name) assert.ok(main.includes(name), `the record lists ${name}`);
      assert.ok(main.includes(part), `the record says ${part}`);
    }
    for (const [text, role, name] of recs) {
      assert.ok(main.includes(text), `the record has "${text}"`);
      assert.ok(main.includes(`${role}: ${name}`), `with its owner ${role}: ${name}`);
    }
    assert.ok(main.includes(new Date(recs[0][3].iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })),
      'with its due date');
    assert.ok(main.includes("St Anne's Family Centre, Room 2"));
    assert.ok(main.includes('Long-term fostering'));
    assert.ok(main.includes('contact with her brother must be settled'));
    assert.ok(main.includes('Spoke at the meeting'));
    await b.accessible('the record of the review');
    await fits320(page, b.failures, 'the record of the review');
    // Printed: A4, the document alone.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.govuk-header').isVisible(), false, 'no header on paper');
    assert.equal(await page.locator('.govuk-breadcrumbs').isVisible(), false, 'no navigation on paper');
    assert.equal(await page.getByRole('button', { name: 'Save the date sent' }).isVisible(), false, 'no form on paper');
    assert.ok(await page.getByRole('cell', { name: 'Lee Harper', exact: true }).isVisible(), 'the people invited are printed');
    assert.ok(await page.getByRole('cell', { name: recs[2][0] }).isVisible(), 'the recommendations are printed');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    assert.ok(pdf.length > 1000, 'it prints');
    await page.emulateMedia({ media: 'screen' });

    // Sent today: that is the minutes issued.
    const today = day(0);
    await fillDate(page.getByRole('group', { name: 'Date the record was sent' }), today);
    await go(page, page.getByRole('button', { name: 'Save the date sent' }));
    assert.match(await banner(page), /counts as the minutes issued/);
    assert.equal(s.sql(`SELECT minutes_on FROM review WHERE id = ${reviewId}`), today.iso);
    assert.match(s.sql(`SELECT before_value || ' => ' || after_value FROM audit_log WHERE action = 'review.record-sent'
      AND record = 'child:${ref}'`), new RegExp(`record-sent \\(minutes\\): - => record-sent \\(minutes\\): ${today.iso}`));
    // A day before the review is refused.
    await fillDate(page.getByRole('group', { name: 'Date the record was sent' }), day(-30));
    await go(page, page.getByRole('button', { name: 'Save the date sent' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /cannot be sent before the review was held/);
    await b.accessible('the record with an error');

    // ---- The letter to the child.
    await page.goto(`/children/${encodeURIComponent(ref)}/reviews/${reviewId}/letter`);
    assert.match(await h1(page), /^Your review on /);
    const letter = await page.locator('main').innerText();
    assert.ok(letter.includes(`Dear ${given},`));
    assert.ok(letter.includes('Your social worker (Lee Harper) will do this by'));
    assert.ok(letter.includes(recs[1][0]));
    assert.ok(!/PN\d|long-term-fostering|social-worker/.test(letter), 'no codes in the letter');
    await b.accessible('the letter to the child');
    await fits320(page, b.failures, 'the letter');
    await fillDate(page.getByRole('group', { name: 'Date the letter was sent' }), today);
    await go(page, page.getByRole('button', { name: 'Save the date sent' }));
    assert.match(await banner(page), /letter was sent has been saved/);
    assert.equal(s.sql(`SELECT letter_sent_on FROM review WHERE id = ${reviewId}`), today.iso);
    await b.accessible('the letter, sent');

    // Another IRO may see the record but not change it: no form for them.
    s.sql(`UPDATE users SET iro_id = (SELECT min(id) FROM iro WHERE id NOT IN
      (SELECT iro_id FROM allocation WHERE child_id = ${childId} AND end_date IS NULL)) WHERE username = '${userFor('iro')}'`);
    await page.context().clearCookies();
    await signInPage(page, 'iro');
    const r = await page.goto(`/children/${encodeURIComponent(ref)}/reviews/${reviewId}/record`);
    assert.equal(r.status(), 200);
    assert.equal(await page.getByRole('button', { name: 'Save the date sent' }).count(), 0);
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

test('an eight-month-old is not offered chairing, and the server refuses it', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    const [ref, , , childId] = childInCare(5, 1);
    // Make the child a baby, in care for seven months.
    s.sql(`UPDATE child SET dob = date('now', '-8 months') WHERE id = ${childId};
      UPDATE episode SET start_date = date('now', '-7 months') WHERE child_id = ${childId} AND end_date IS NULL;
      DELETE FROM episode WHERE child_id = ${childId} AND end_date IS NOT NULL;`);
    await signInPage(page, 'iro');
    await page.goto(`/children/${encodeURIComponent(ref)}/reviews/new`);
    assert.match(await h1(page), /^Record a review for /);
    assert.equal(await page.getByRole('group', { name: 'Did the child chair their review?' }).count(), 0,
      'chairing is not offered');
    await b.accessible('the review form for a baby');
    // Posted anyway (a crafted request): refused, nothing saved.
    const held = day(-3);
    await fillDate(page.getByRole('group', { name: 'Date the review was held' }), held);
    await page.getByRole('group', { name: 'How was the review held?' }).getByLabel('Virtual').check();
    await page.getByLabel('PN0: under 4 on the day of the review').check();
    await page.evaluate(() => {
      const i = document.createElement('input');
      i.type = 'hidden';
      i.name = 'child_chaired';
      i.value = 'yes';
      [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Save review').form.appendChild(i);
    });
    await go(page, page.getByRole('button', { name: 'Save review' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /can chair their review from age 10/);
    assert.equal(Number(s.sql(`SELECT count(*) FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`)), 0);
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

test('every text field of the review form: one character too many is refused, the maximum kept exactly', async () => {
  const [ref, , , childId] = childInCare(6, 2);
  const { cookie, csrf } = await signIn(s.base, 'iro');
  const url = `${s.base}/children/${encodeURIComponent(ref)}/reviews`;
  // The fields, their documented maxima, and where a saved value is read.
  const fields = [
    ['location', 200, (id) => `SELECT location FROM review WHERE id = ${id}`],
    ['permanence_other', 100, (id) => `SELECT permanence_other FROM review WHERE id = ${id}`],
    ['plan_view', 2000, (id) => `SELECT plan_view FROM review WHERE id = ${id}`],
    ['att1_name', 100, (id) => `SELECT name FROM review_attendee WHERE review_id = ${id}`],
    ['rec1_text', 1000, (id) => `SELECT text FROM recommendation WHERE review_id = ${id}`],
    ['rec1_name', 100, (id) => `SELECT owner_name FROM recommendation WHERE review_id = ${id}`],
  ];
  for (let i = 0; i < fields.length; i++) {
    const [name, max, query] = fields[i];
    const held = day(-40 + i * 2);
    const form = (value) => {
      const f = new URLSearchParams({
        csrf, 'held-day': held.d, 'held-month': held.m, 'held-year': held.y, mode: 'in-person',
        participation: 'PN1', rec_rows: '3', att_rows: '3',
        att1_role: 'social-worker', att1_took_part: 'attended',
        rec1_text: 'Review the care plan', rec1_role: 'social-worker',
        'rec1_due-day': held.d, 'rec1_due-month': held.m, 'rec1_due-year': held.y,
      });
      if (name.startsWith('permanence')) {
        f.set('permanence', 'yes');
        f.set('permanence_type', 'other');
      }
      f.set(name, value);
      return f;
    };
    const post = (value) => fetch(url, { method: 'POST', redirect: 'manual',
      headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(value) });
    // "é" is one character and two bytes: the maximum is in characters.
    const tooLong = 'é' + 'x'.repeat(max);
    let r = await post(tooLong);
    assert.equal(r.status, 200, `${name}: refused, the form shown again`);
    const html = await r.text();
    assert.match(html, new RegExp(`<a href="#${name}">[^<]*${max.toLocaleString('en-GB').replace(',', ',?')}[^<]*characters or fewer`),
      `${name}: the error summary links to the field and says its maximum`);
    assert.match(html, new RegExp(`id="${name}-error"`), `${name}: the error is shown at the field`);
    assert.equal(Number(s.sql(`SELECT count(*) FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`)), 0,
      `${name}: nothing saved, nothing cut`);
    const atMax = 'é' + 'x'.repeat(max - 2) + 'ü';
    r = await post(atMax);
    assert.equal(r.status, 303, `${name}: the maximum is accepted`);
    const id = s.sql(`SELECT id FROM review WHERE child_id = ${childId} AND held_on = '${held.iso}'`);
    assert.equal(s.sql(query(id)), atMax, `${name}: kept exactly`);
  }

  // An earlier review's open recommendation closed as not done at this
  // one: the reason (500 characters) on the same form.
  const held = day(-20);
  const rec = s.sql(`SELECT x.id FROM recommendation x JOIN review r ON r.id = x.review_id
    WHERE x.child_id = ${childId} AND x.status = 'open' AND r.held_on < '${held.iso}' ORDER BY x.id LIMIT 1`);
  assert.ok(rec, 'an open recommendation from an earlier review');
  const post = (value) => fetch(url, { method: 'POST', redirect: 'manual',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, 'held-day': held.d, 'held-month': held.m, 'held-year': held.y,
      mode: 'virtual', participation: 'PN1', rec_rows: '3', att_rows: '3',
      [`cf${rec}`]: 'not-done', [`cf${rec}_reason`]: value }) });
  let r = await post('é' + 'x'.repeat(500));
  assert.equal(r.status, 200);
  assert.match(await r.text(), new RegExp(`<a href="#cf${rec}_reason">[^<]*500 characters or fewer`));
  assert.equal(s.sql(`SELECT status FROM recommendation WHERE id = ${rec}`), 'open', 'nothing saved');
  const atMax = 'é' + 'x'.repeat(498) + 'ü';
  r = await post(atMax);
  assert.equal(r.status, 303);
  assert.equal(s.sql(`SELECT status || '|' || reason FROM recommendation WHERE id = ${rec}`), `not-done|${atMax}`);
});

// The Designated Officer (LADO) in a real browser (SPEC §6): the home page
// is the dashboard; a contact is recorded (with mistakes first), decided as
// not meeting the threshold with advice that cannot then be edited, only
// corrected beside it; a referral goes through the initial and
// post-allegation meetings (one before the investigation concludes), an
// outcome with actions, a recommendation and closure; the KPI report shows
// charts before its tables and downloads as CSV and Excel. Every step and
// every view is in the audit log under lado:<id>. A QA manager, an IRO and
// an administrator are refused every LADO page and record. Every page
// visited is checked with axe-core (WCAG 2.2 AA) and must log no console
// error or Content-Security-Policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, signIn as fetchSignIn, userFor, PASSWORD, browserSession, go, signInPage as signIn } from './lib.mjs';

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 20 });
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const openBrowser = () => browserSession(browser, s.base);

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const errorLinks = (page) => page.locator('.govuk-error-summary').getByRole('link').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
const banner = (page) => page.locator('.govuk-notification-banner--success').innerText();
const summaryValue = (page, key) => page.locator('.govuk-summary-list').first()
  .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
  .locator('dd').innerText();
const path = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

async function fillDate(page, legend, d) {
  const g = page.getByRole('group', { name: legend });
  await g.getByLabel('Day').fill(String(d.getDate()));
  await g.getByLabel('Month').fill(String(d.getMonth() + 1));
  await g.getByLabel('Year').fill(String(d.getFullYear()));
}

const actionsOf = (id) => s.sql(`SELECT action FROM audit_log WHERE record = 'lado:${id}' ORDER BY id`).split('\n');

async function recordContact(page, adult) {
  await page.goto('/lado/contacts/new');
  await fillDate(page, 'Date the information was received', new Date());
  await page.getByLabel('Time it was received').fill('09:15');
  await page.getByLabel('Who made the referral').fill('Jo O\'Brien, DSL');
  await page.getByLabel('Referrer\'s agency').fill('Hillside <Primary> School');
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

test('the Designated Officer records a contact, decides it is a concern, and can only correct the advice', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'lado');
    assert.equal(await h1(page), 'Designated Officer dashboard', 'the home page is the dashboard');
    assert.ok(await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'LADO dashboard' }).count());
    await b.accessible('the dashboard');

    // Mistakes first: a bad time, no sector, nothing else.
    const before = Number(s.sql('SELECT count(*) FROM lado_case'));
    await page.goto('/lado/contacts/new');
    assert.equal(await h1(page), 'Record a contact');
    await b.accessible('the contact form');
    await page.getByLabel('Time it was received').fill('9am');
    await page.getByLabel('Name of the adult the allegation is about').fill('Sam Ünal');
    await go(page, page.getByRole('button', { name: 'Save contact' }));
    assert.equal(await page.title(), 'Error: Record a contact - Oversight');
    const hrefs = (await errorLinks(page)).map((l) => l[1]);
    for (const f of ['#received_on', '#received_time', '#referrer', '#sector', '#allegation']) assert.ok(hrefs.includes(f), `${f} in ${hrefs}`);
    assert.equal(await page.getByLabel('Name of the adult the allegation is about').inputValue(), 'Sam Ünal', 'kept');
    assert.equal(Number(s.sql('SELECT count(*) FROM lado_case')), before, 'nothing saved');
    await b.accessible('the contact form with errors');

    const id = await recordContact(page, 'Sam Ünal');
    assert.equal(await h1(page), `LADO case ${id}`);
    assert.match(await banner(page), /The contact has been recorded/);
    assert.equal(await summaryValue(page, 'Referrer'), 'Jo O\'Brien, DSL (Hillside <Primary> School)');
    await b.accessible('a new case');

    // Not met, without advice: refused.
    await page.getByLabel('Threshold not met: advice given (a concern)').check();
    await go(page, page.getByRole('button', { name: 'Save decision' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#advice']);
    await b.accessible('the decision with an error');
    await page.getByLabel('Advice given to the referrer').fill('Address through supervision; call again if more comes to light.');
    await go(page, page.getByRole('button', { name: 'Save decision' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-decision`);
    assert.match(await page.locator('main').innerText(), /Address through supervision; call again if more comes to light\./);
    assert.equal(await page.getByRole('button', { name: 'Save decision' }).count(), 0, 'decided once');
    assert.equal(await page.getByLabel('Advice given to the referrer').count(), 0, 'the advice has no edit box');

    // A correction is added beside it; both are kept.
    await page.getByLabel('Correction', { exact: true }).fill('The adult is a volunteer, not staff.');
    await go(page, page.getByRole('button', { name: 'Add correction' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-correction`);
    const main = await page.locator('main').innerText();
    assert.match(main, /Address through supervision/);
    assert.match(main, /Correction: The adult is a volunteer, not staff\./);
    assert.equal(s.sql(`SELECT advice FROM lado_advice WHERE case_id = ${id}`),
      'Address through supervision; call again if more comes to light.');
    await b.accessible('the case with advice and a correction');

    const acts = actionsOf(id);
    for (const a of ['lado.contact', 'lado.decision', 'lado.advice', 'lado.advice.correct', 'lado.view']) {
      assert.ok(acts.includes(a), `${a} in ${acts.join(', ')}`);
    }
    assert.equal(s.sql(`SELECT DISTINCT actor FROM audit_log WHERE record = 'lado:${id}'`), userFor('lado'));
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('a referral goes through both meetings, an outcome, a recommendation and closure', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'lado');
    const id = await recordContact(page, 'Chris Patel');
    await page.getByLabel('Threshold met: referral').check();
    await go(page, page.getByRole('button', { name: 'Save decision' }));
    assert.match(await page.locator('.govuk-inset-text').first().innerText(), /Next: the initial meeting, due by/);

    await page.getByRole('group', { name: 'Category of harm' }).getByLabel('Physical').check();
    await page.getByLabel('Type of allegation').selectOption('physical-contact');
    await page.getByRole('group', { name: 'Are the police involved?' }).getByLabel('No').check();
    await go(page, page.getByRole('button', { name: 'Save referral details' }));
    assert.equal(await summaryValue(page, 'Category of harm'), 'Physical');

    const today = new Date();
    await fillDate(page, 'Date held', today);
    await go(page, page.getByRole('button', { name: 'Save meeting' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-meeting`);
    assert.match(await page.locator('.govuk-inset-text').first().innerText(), /Next: the post-allegation meeting, due by/);
    await b.accessible('the case after the initial meeting');

    // Not concluded: the next meeting must be planned.
    await fillDate(page, 'Date held', today);
    await page.getByRole('group', { name: 'Has the investigation concluded?' }).getByLabel('No').check();
    await go(page, page.getByRole('button', { name: 'Save meeting' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#next_on']);
    await b.accessible('the meeting form with an error');
    const next = new Date(today.getTime() + 28 * 86400000);
    await fillDate(page, 'Date of the next meeting (if not concluded)', next);
    await go(page, page.getByRole('button', { name: 'Save meeting' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-meeting`);
    assert.equal(await page.locator('.govuk-summary-card', { hasText: 'Post-allegation meeting 1' }).count(), 1);

    await page.getByRole('group', { name: 'Outcome' }).getByLabel('Substantiated', { exact: true }).check();
    await page.getByLabel('Referral to the DBS').check();
    await page.getByLabel('Disciplinary').check();
    await go(page, page.getByRole('button', { name: 'Save outcome' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-outcome`);
    assert.equal(await summaryValue(page, 'Actions'), 'Referral to the DBS; Disciplinary');

    await page.getByLabel('Recommendation or learning').fill('Refresh safer working practice training');
    await page.getByLabel('Who owns it').fill('Head teacher');
    await fillDate(page, 'Due by', today);
    await go(page, page.getByRole('button', { name: 'Add recommendation' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-recommendation`);
    await go(page, page.getByRole('button', { name: 'Record as implemented' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-implemented`);

    await go(page, page.getByRole('button', { name: 'Close case' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-closed`);
    assert.match(await page.locator('.govuk-inset-text').first().innerText(), /This case was closed on/);
    assert.equal(await page.getByRole('button', { name: 'Save outcome' }).count(), 0, 'no step forms once closed');
    await b.accessible('the closed case');

    const acts = actionsOf(id);
    for (const a of ['lado.referral', 'lado.meeting.initial', 'lado.meeting.post', 'lado.outcome', 'lado.recommendation',
      'lado.recommendation.implemented', 'lado.close']) {
      assert.ok(acts.includes(a), `${a} in ${acts.join(', ')}`);
    }
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('the KPI report: a chart before each main table, and CSV and Excel downloads', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'lado');
    await go(page, page.getByRole('link', { name: /^KPI report for 1 April/ }));
    assert.equal(await h1(page), 'Designated Officer KPI report');
    assert.match(path(page), /^\/lado\/report\?from=\d{4}-04-01&to=\d{4}-03-31$/);
    const text = await page.locator('main').innerText();
    for (const t of ['Key performance indicators', 'Time from contact to closure', 'Contacts and referrals by month',
      'Referrals by sector', 'Referrals by category of harm', 'Outcomes', 'Actions taken']) {
      assert.match(text, new RegExp(t));
    }
    assert.ok(await page.locator('main figure svg').count() >= 6, 'charts');
    const kpi = page.locator('main table').first();
    assert.match(await kpi.innerText(), /Decisions on contacts\s+1 working day\s+\d+/);
    await b.accessible('the KPI report');

    const csvHref = await page.getByRole('link', { name: /as CSV/ }).getAttribute('href');
    const csv = await b.context.request.get(csvHref);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(await csv.text(), /^Key performance indicators\r\nindicator,timescale,total,on_time,percent,/);
    const x = await b.context.request.get(await page.getByRole('link', { name: /Excel workbook/ }).getAttribute('href'));
    assert.equal(x.status(), 200);
    assert.match(x.headers()['content-type'], /spreadsheetml/);
    assert.equal((await x.body()).subarray(0, 2).toString(), 'PK');

    // A bad period is said, and the form keeps what was typed.
    await page.goto('/lado/report?from=2025-13-01&to=2025-01-01');
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#from']);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The first day must be a real date/);
    // The period is asked for as GOV.UK's date inputs, day, month and year.
    const first = page.getByRole('group', { name: 'First day' });
    await first.getByLabel('Day').fill('1');
    await first.getByLabel('Month').fill('4');
    await first.getByLabel('Year').fill('2024');
    const last = page.getByRole('group', { name: 'Last day' });
    await last.getByLabel('Day').fill('31');
    await last.getByLabel('Month').fill('3');
    await last.getByLabel('Year').fill('2025');
    await go(page, page.getByRole('button', { name: 'Show the report' }));
    assert.match(await page.locator('main').innerText(), /1 April 2024 to 31 March 2025/);
    await page.goto('/lado/report?from=2025-13-01&to=2025-01-01');
    await b.accessible('the report with an error');
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('a QA manager, an IRO and an administrator are refused every LADO record; only managers see the KPI report\'s figures', async () => {
  const id = s.sql('SELECT min(id) FROM lado_case');
  const rec = s.sql('SELECT min(id) FROM lado_recommendation');
  const adult = s.sql(`SELECT adult_name FROM lado_case WHERE id = ${id}`);
  const gets = ['/lado', '/lado/cases', `/lado/cases/${id}`, '/lado/contacts/new', '/lado/dashboard.csv',
    '/lado/dashboard.xlsx', '/lado/export.csv', '/lado/cases.csv', '/lado/cases.xlsx'];
  // The KPI report's figures (issue 20): the QA manager, who manages the
  // Designated Officer, and the administrator; never an IRO. No names.
  const report = ['/lado/report', '/lado/report.csv', '/lado/report.xlsx'];
  const posts = [`/lado/cases/${id}/decision`, `/lado/cases/${id}/close`, `/lado/cases/${id}/outcome`, '/lado/contacts',
    `/lado/recommendations/${rec}/implemented`];
  for (const role of ['qa-manager', 'iro', 'admin']) {
    const { cookie, csrf } = await fetchSignIn(s.base, role);
    // Looking at the KPI report is audited too; no record may be.
    const auditBefore = s.sql(`SELECT count(*) FROM audit_log WHERE record LIKE 'lado:%' AND action <> 'lado.report'`);
    for (const p of gets) {
      const r = await fetch(s.base + p, { headers: { cookie }, redirect: 'manual' });
      const body = await r.text();
      assert.equal(r.status, 403, `GET ${p} as ${role}`);
      assert.ok(!body.includes(adult), `GET ${p} as ${role} showed the adult's name`);
    }
    for (const p of report) {
      const r = await fetch(s.base + p, { headers: { cookie }, redirect: 'manual' });
      const body = await r.text();
      assert.equal(r.status, role === 'iro' ? 403 : 200, `GET ${p} as ${role}`);
      assert.ok(!body.includes(adult), `GET ${p} as ${role} showed the adult's name`);
      assert.doesNotMatch(body, /href="\/lado\/cases\/\d/, `GET ${p} as ${role} links to a case`);
    }
    for (const p of posts) {
      const r = await fetch(s.base + p, { method: 'POST', headers: { cookie }, redirect: 'manual',
        body: new URLSearchParams({ csrf, decision: 'referral', 'decided_on-day': '1', 'decided_on-month': '1', 'decided_on-year': '2026' }) });
      assert.equal(r.status, 403, `POST ${p} as ${role}`);
    }
    const home = await (await fetch(s.base + '/', { headers: { cookie } })).text();
    assert.doesNotMatch(home, /href="\/lado(\/cases|\/contacts|")/, `${role}'s pages link to LADO records`);
    assert.equal(s.sql(`SELECT count(*) FROM audit_log WHERE record LIKE 'lado:%' AND action <> 'lado.report'`), auditBefore,
      `${role} wrote LADO audit entries`);
  }
});

test('every view of a case is audited, lists included', async () => {
  const { cookie } = await fetchSignIn(s.base, 'lado');
  const id = s.sql('SELECT max(id) FROM lado_case WHERE closed_on IS NULL');
  const count = () => Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'lado:${id}' AND action LIKE 'lado.view%'`));
  const n0 = count();
  assert.equal((await fetch(`${s.base}/lado/cases/${id}`, { headers: { cookie } })).status, 200);
  assert.equal(count(), n0 + 1, 'the case page');
  assert.equal((await fetch(`${s.base}/lado`, { headers: { cookie } })).status, 200);
  assert.equal(count(), n0 + 2, 'the dashboard lists it');
  assert.equal((await fetch(`${s.base}/lado/cases`, { headers: { cookie } })).status, 200);
  assert.equal(count(), n0 + 3, 'the list of cases');
  assert.equal(s.sql(`SELECT action FROM audit_log WHERE record = 'lado:${id}' ORDER BY id DESC LIMIT 1`), 'lado.view.list');
  assert.equal((await fetch(`${s.base}/lado/cases/999999`, { headers: { cookie } })).status, 404);
});

test('the list of cases downloads as CSV and Excel, keeping its filter, audited like the page', async () => {
  const { cookie } = await fetchSignIn(s.base, 'lado');
  const get = (p) => fetch(`${s.base}${p}`, { headers: { cookie } });
  const page = await (await get('/lado/cases?show=closed')).text();
  assert.match(page, /href="\/lado\/cases\.csv\?show=closed"/);
  assert.match(page, /href="\/lado\/cases\.xlsx\?show=closed"/);
  const rows = (page.match(/<tbody[^>]*>([\s\S]*?)<\/tbody>/)?.[1].match(/<tr[\s>]/g) || []).length;
  const closed = Number(s.sql('SELECT count(*) FROM lado_case WHERE closed_on IS NOT NULL'));
  assert.ok(closed > 0, 'some cases are closed');
  // A page of at most 50 (issue 17); the page says how many there are.
  assert.equal(rows, Math.min(50, closed));
  assert.match(page, new RegExp(`Showing 1 to ${Math.min(50, closed)} of ${closed} cases?\\.`));
  const id = s.sql('SELECT max(id) FROM lado_case WHERE closed_on IS NOT NULL');
  const count = () => Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'lado:${id}' AND action = 'lado.view.list'`));
  const n0 = count();
  const csv = await get('/lado/cases.csv?show=closed');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition'), /^attachment; filename="lado-cases-\d{4}-\d{2}-\d{2}\.csv"$/);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'case_id,received,adult,employer,sector,decision,outcome,status');
  assert.equal(lines.length - 1, closed, 'the CSV has the closed cases the page shows');
  for (const l of lines.slice(1)) assert.match(l, /,Closed$/);
  assert.equal(count(), n0 + 1, 'the download is a view of each case in it');

  // An audit log that cannot be written: nothing is sent.
  s.sql(`CREATE TRIGGER no_lado_audit BEFORE INSERT ON audit_log WHEN NEW.record LIKE 'lado:%'
    BEGIN SELECT RAISE(ABORT, 'no'); END`);
  try {
    const refused = await get('/lado/cases.xlsx?show=all');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('content-disposition'), null);
    assert.doesNotMatch(refused.headers.get('content-type'), /spreadsheet/);
  } finally {
    s.sql('DROP TRIGGER no_lado_audit');
  }
});

// ---- Issue 20: dip samples, training, strategy meetings, cross-border, the board ----

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

test('the Designated Officer records a dip sample and training, with mistakes first, and corrects them', async () => {
  const b = await openBrowser();
  const { page } = b;
  const check = async (what) => { await b.accessible(what); await fits320(page, b.failures, what); };
  try {
    await signIn(page, 'lado');
    await go(page, page.getByRole('link', { name: 'Dip samples of case files' }));
    assert.equal(await h1(page), 'Dip samples of case files');
    await check('the dip samples');
    await go(page, page.getByRole('button', { name: 'Record a dip sample' }));
    assert.equal(await h1(page), 'Record a dip sample');
    await check('the dip sample form');
    // Nothing filled in: one message per field, in the form's order.
    const before = Number(s.sql('SELECT count(*) FROM lado_dip_sample'));
    await go(page, page.getByRole('button', { name: 'Save dip sample' }));
    assert.deepEqual((await errorLinks(page)).map(([t]) => t), ['Enter the date of the dip sample',
      'Enter the number of case files sampled', 'Enter what the dip sample found']);
    await check('the dip sample form with errors');
    // A number in words and a date that is not real.
    await fillDate(page, 'Date of the dip sample', new Date());
    await page.getByRole('group', { name: 'Date of the dip sample' }).getByLabel('Day').fill('32');
    await page.getByLabel('Number of case files sampled').fill('twelve');
    await page.getByLabel('Findings').fill('Dates received right in 10 of 12 files.');
    await go(page, page.getByRole('button', { name: 'Save dip sample' }));
    const msgs = (await errorLinks(page)).map(([t]) => t);
    assert.match(msgs[0], /real date/);
    assert.equal(msgs[1], 'The number of case files sampled must be a whole number, like 12');
    assert.equal(await page.getByLabel('Findings').inputValue(), 'Dates received right in 10 of 12 files.', 'what was typed is kept');
    assert.equal(Number(s.sql('SELECT count(*) FROM lado_dip_sample')), before, 'nothing saved');
    await fillDate(page, 'Date of the dip sample', new Date());
    await page.getByLabel('Number of case files sampled').fill('12');
    await go(page, page.getByRole('button', { name: 'Save dip sample' }));
    assert.equal(path(page), '/lado/dip-samples?saved=lado-dip');
    assert.match(await banner(page), /The dip sample has been recorded/);
    const id = s.sql('SELECT max(id) FROM lado_dip_sample');
    // Correct it: the form holds what was saved; the audit keeps both.
    await go(page, page.getByRole('link', { name: /^Correct/ }).first());
    assert.equal(path(page), `/lado/dip-samples/${id}`);
    assert.equal(await h1(page), 'Correct a dip sample');
    assert.equal(await page.getByLabel('Number of case files sampled').inputValue(), '12');
    await check('the dip sample correction form');
    await page.getByLabel('Number of case files sampled').fill('11');
    await go(page, page.getByRole('button', { name: 'Save the correction' }));
    assert.match(await banner(page), /The dip sample has been corrected/);
    assert.equal(s.sql(`SELECT cases_sampled FROM lado_dip_sample WHERE id = ${id}`), '11');
    assert.equal(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'lado-dip:${id}' AND action = 'lado.dip.correct'
      AND before_value LIKE '%; 12 case files sampled; %' AND after_value LIKE '%; 11 case files sampled; %'`), '1');

    // Training: a briefing to foster carers, the kind chosen from radios.
    await page.goto('/lado/training/new');
    assert.equal(await h1(page), 'Record training or a briefing');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.deepEqual((await errorLinks(page)).map(([t]) => t), ['Enter the date it was delivered',
      'Select whether it was a training session or a briefing', 'Enter who it was for, for example school safeguarding leads',
      'Enter the number of people who attended']);
    await check('the training form with errors');
    await fillDate(page, 'Date it was delivered', new Date());
    await page.getByLabel('A briefing (a shorter awareness session)').check();
    await page.getByLabel('Who it was for').fill('Foster carers');
    await page.getByLabel('Number of people who attended').fill('15');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(path(page), '/lado/training?saved=lado-training');
    assert.match(await banner(page), /The training has been recorded/);
    await check('the training list');
    const t = s.sql('SELECT max(id) FROM lado_training');
    assert.equal(s.sql(`SELECT kind || ' ' || audience || ' ' || people FROM lado_training WHERE id = ${t}`), 'briefing Foster carers 15');
    assert.equal(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'lado-training:${t}' AND action = 'lado.training'`), '1');
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('a strategy meeting attended and the cross-border details are recorded on the case', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'lado');
    const id = s.sql('SELECT max(id) FROM lado_case WHERE closed_on IS NULL');
    await page.goto(`/lado/cases/${id}`);
    await fillDate(page, 'Date of the strategy meeting', new Date());
    await page.getByLabel('Notes (optional)').first().fill('Police and social care present');
    await go(page, page.getByRole('button', { name: 'Save strategy meeting' }));
    assert.equal(path(page), `/lado/cases/${id}?saved=lado-strategy`);
    assert.match(await banner(page), /The strategy meeting has been recorded/);
    assert.ok(await page.getByRole('heading', { name: 'Strategy meetings attended' }).count());
    // Yes without the authority: asked for it.
    await page.getByRole('group', { name: 'Does the adult work or live in another local authority\'s area?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Is a child involved from another local authority\'s area?' }).getByLabel('No').check();
    await page.getByLabel('Which authority (if either is yes)').fill('');
    await go(page, page.getByRole('button', { name: 'Save cross-border details' }));
    assert.deepEqual((await errorLinks(page)).map(([t]) => t), ['Enter the other local authority, for example Somerset']);
    await b.accessible('the case with a cross-border error');
    await page.getByLabel('Which authority (if either is yes)').fill('Somerset');
    await go(page, page.getByRole('button', { name: 'Save cross-border details' }));
    assert.match(await banner(page), /cross-border details have been saved/);
    assert.match(await summaryValue(page, 'Cross-border'), /^Yes \(Somerset\): the adult works or lives in another authority's area$/);
    await b.accessible('the case with a strategy meeting');
    await fits320(page, b.failures, 'the case page');
    assert.deepEqual(actionsOf(id).filter((a) => /strategy|cross-border/.test(a)), ['lado.strategy', 'lado.cross-border']);
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('the board sees the new tables as figures only: no name, no words typed, no chart; never the records', async () => {
  const { cookie } = await fetchSignIn(s.base, 'board');
  const get = async (p) => { const r = await fetch(s.base + p, { headers: { cookie }, redirect: 'manual' }); return [r.status, await r.text()]; };
  const words = [...s.sql('SELECT DISTINCT adult_name FROM lado_case').split('\n'),
    ...s.sql('SELECT DISTINCT findings FROM lado_dip_sample').split('\n'),
    ...s.sql('SELECT DISTINCT audience FROM lado_training').split('\n'),
    ...s.sql('SELECT DISTINCT other_authority FROM lado_case WHERE other_authority IS NOT NULL').split('\n')].filter(Boolean);
  assert.ok(words.length > 10);
  const [st, page] = await get('/lado/report');
  assert.equal(st, 200);
  for (const h of ['Activity over four financial years', 'Key performance indicators: Oversight\'s totals and the council\'s report\'s',
    'Strategy meetings, cross-border cases, dip samples and training']) assert.ok(page.includes(h.replace(/'/g, '&#39;')), `the board's page has ${h}`);
  assert.match(page, /Every contact received in the period, whether or not it needed a meeting/);
  assert.match(page, /fewer than 6/);
  assert.doesNotMatch(page, /<svg/, 'no chart');
  assert.doesNotMatch(page, /href="\/lado\/(cases|dip-samples|training)/);
  const [sc, csv] = await get('/lado/report.csv');
  assert.equal(sc, 200);
  assert.match(csv, /\r\nActivity over four financial years\r\nyear,from,to,contacts,referrals,/);
  for (const w of words) {
    assert.ok(!page.includes(w), `the board's page shows "${w}"`);
    assert.ok(!csv.includes(w), `the board's CSV shows "${w}"`);
  }
  for (const role of ['board', 'qa-manager']) {
    const c = (await fetchSignIn(s.base, role)).cookie;
    for (const p of ['/lado/dip-samples', '/lado/dip-samples/new', '/lado/training', '/lado/training/new',
      `/lado/dip-samples/${s.sql('SELECT min(id) FROM lado_dip_sample')}`]) {
      assert.equal((await fetch(s.base + p, { headers: { cookie: c }, redirect: 'manual' })).status, 403, `${p} as ${role}`);
    }
  }
});

// The children's homes in a real browser (SPEC §8): the residential
// service manager lands on the homes dashboard, finds the demo's home whose
// 2021 inspection mirrors the seed's (requires improvement, four
// requirements due 1 July 2021, all met by the action plan), adds a home
// (mistakes first), records an inspection with requirements and an action
// plan, sees the fortnightly QA monitoring due, completes the actions one by
// one until monitoring stops, and brings the monthly QPAG report (page,
// chart, CSV, Excel), then the QA evidence: a survey with its responses, a dip
// sample whose action goes into the QPAG tracker, and the board's figures-only
// report. Every page is checked with axe-core (WCAG 2.2 AA), and
// no page may log a console error or break the Content-Security-Policy.
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
const inset = (page) => page.locator('.govuk-inset-text').first().innerText();
const path = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

async function fillDate(page, group, d) {
  const g = page.getByRole('group', { name: group, exact: true });
  await g.getByLabel('Day').fill(String(d.getDate()));
  await g.getByLabel('Month').fill(String(d.getMonth() + 1));
  await g.getByLabel('Year').fill(String(d.getFullYear()));
}
const daysFrom = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const longDate = (d) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

test('the residential manager lands on the homes dashboard and finds the seed inspection with its action plan', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'residential-manager');
    assert.equal(await h1(page), 'Homes dashboard');
    assert.ok(await page.getByRole('link', { name: "Children's homes" }).count(), 'the menu leads to the homes');
    assert.ok(await page.locator('figure svg').count(), 'a chart of overdue and open items');
    assert.ok(await page.getByRole('table', { name: 'What is due and overdue in every home' }).count());
    await b.accessible('the homes dashboard');

    await go(page, page.getByRole('link', { name: 'Larkspur House (demo)' }).first());
    assert.equal(await h1(page), 'Larkspur House (demo)');
    await b.accessible("a home's page");
    await go(page, page.getByRole('link', { name: '19 May 2021 to 20 May 2021' }));
    assert.equal(await h1(page), 'Inspection of 19 May 2021 to 20 May 2021');
    const text = await page.locator('main').innerText();
    assert.match(text, /Overall judgement\s+Requires improvement to be good/);
    assert.equal(await page.locator('.govuk-summary-card').count(), 4, 'four requirements');
    assert.equal((text.match(/Due 1 July 2021/g) || []).length, 4, 'each due 1 July 2021');
    assert.match(await inset(page), /All 4 requirements are met/);
    assert.match(text, /Monitoring reviews held\s+3 June 2021, 16 June 2021/);
    await b.accessible('the seed inspection');

    // Viewing the home is in the audit log under the home.
    const id = s.sql("SELECT id FROM home WHERE name = 'Larkspur House (demo)'");
    assert.ok(Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'home:${id}' AND action = 'home.view'
      AND actor = '${userFor('residential-manager')}'`)) >= 2);
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('recording an inspection and completing its actions: fortnightly monitoring until the last one', async () => {
  const b = await openBrowser();
  const { page } = b;
  const today = new Date();
  try {
    await signIn(page, 'residential-manager');
    await page.goto('/homes/new');
    assert.equal(await h1(page), 'Add a home');
    await b.accessible('the add-home form');
    // Mistakes first: no URN, ages the wrong way round, no manager and no vacancy date.
    await page.getByLabel('Name of the home').fill("O'Malley <Lodge>");
    await page.getByLabel('Responsible individual').fill('Robin Example');
    await page.getByLabel('Number of places').fill('2');
    await page.getByLabel('Youngest age the home is registered for').fill('17');
    await page.getByLabel('Oldest age the home is registered for').fill('8');
    await fillDate(page, 'Registered with Ofsted on', daysFrom(today, -400));
    await go(page, page.getByRole('button', { name: 'Add home' }));
    assert.equal(await page.title(), 'Error: Add a home - Oversight');
    const links = await errorLinks(page);
    assert.deepEqual(links.map((l) => l[1]).sort(), ['#age_to', '#urn', '#vacant_since'], JSON.stringify(links));
    assert.equal(await page.getByLabel('Name of the home').inputValue(), "O'Malley <Lodge>", 'what was typed is kept');
    await b.accessible('the add-home form with errors');
    await page.getByLabel('Ofsted unique reference number (URN)').fill('SC777001');
    await page.getByLabel('Youngest age the home is registered for').fill('8');
    await page.getByLabel('Oldest age the home is registered for').fill('17');
    await page.getByLabel('Registered manager').fill('Jamie Field');
    await go(page, page.getByRole('button', { name: 'Add home' }));
    const m = /^\/homes\/(\d+)\?saved=home$/.exec(path(page));
    assert.ok(m, `redirected to the new home, not ${path(page)}`);
    const homeId = m[1];
    assert.equal(await h1(page), "O'Malley <Lodge>");
    assert.match(await banner(page), /details have been saved/);

    // Record an inspection: a full one needs all four judgements.
    await go(page, page.getByRole('link', { name: 'Record an inspection' }));
    await b.accessible('the inspection form');
    await page.getByRole('group', { name: 'Type of inspection' }).getByLabel('Full inspection').check();
    const start = daysFrom(today, -2), end = daysFrom(today, -1);
    await fillDate(page, 'First day of the inspection', start);
    await fillDate(page, 'Last day of the inspection', end);
    await page.getByLabel('Overall judgement').selectOption('requires-improvement');
    await go(page, page.getByRole('button', { name: 'Save inspection' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]).sort(), ['#experiences', '#leadership', '#protection']);
    await b.accessible('the inspection form with errors');
    for (const l of ['Overall experiences and progress of children and young people',
      'How well children and young people are helped and protected', 'The effectiveness of leaders and managers']) {
      await page.getByLabel(l).selectOption('requires-improvement');
    }
    await page.getByLabel('Recommendations').fill('Keep bedrooms to a reasonable standard of tidiness.');
    await go(page, page.getByRole('button', { name: 'Save inspection' }));
    assert.match(path(page), new RegExp(`^/homes/${homeId}/inspections/\\d+\\?saved=home-inspection$`));
    assert.match(await inset(page), /No requirements are recorded/);

    // Two requirements, an action for each.
    const due = daysFrom(today, 30);
    for (const reg of ['Regulation 12: protection of children', 'Regulation 31: staffing']) {
      await page.getByLabel('Regulation', { exact: true }).fill(reg);
      await page.getByLabel('What the registered person must do').fill(`Meet ${reg}`);
      await fillDate(page, 'Due date', due);
      await go(page, page.getByRole('button', { name: 'Add requirement' }));
      assert.match(await banner(page), /requirement has been added/);
    }
    // A requirement with no action is not met: monitoring is due a fortnight after the inspection.
    assert.match(await inset(page), new RegExp(`0 of 2 requirements met. The next QA monitoring review is due by ${longDate(daysFrom(end, 14))}`));
    for (const [reg, action] of [['Regulation 12: protection of children', 'Online safety risk assessment'],
      ['Regulation 31: staffing', 'First aid training for all night staff']]) {
      await page.getByLabel('Which requirement it answers').selectOption({ label: reg });
      await page.getByLabel('Action', { exact: true }).fill(action);
      await page.getByLabel('Owner').fill('Registered manager');
      await fillDate(page, 'Target date', daysFrom(today, 10));
      await go(page, page.getByRole('button', { name: 'Add action' }));
      assert.match(await banner(page), /added to the plan/);
    }
    await b.accessible('the inspection with its action plan');

    // Complete the actions: monitoring continues after the first, stops with the last.
    await go(page, page.getByRole('button', { name: /^Mark complete\s*:\s*Online safety risk assessment/ }));
    assert.match(await banner(page), /marked complete/);
    assert.match(await inset(page), /1 of 2 requirements met/);
    await go(page, page.getByRole('button', { name: /^Mark complete\s*:\s*First aid training for all night staff/ }));
    assert.match(await inset(page), /All 2 requirements are met: every action is complete. QA monitoring of this inspection has finished./);
    assert.equal(await page.getByRole('button', { name: /^Mark complete/ }).count(), 0);
    await b.accessible('the inspection with every action complete');

    // The home page no longer lists monitoring; every step is audited under the home.
    await page.goto(`/homes/${homeId}`);
    assert.doesNotMatch(await page.getByRole('table', { name: 'What is due' }).innerText(), /QA monitoring review/);
    const actions = s.sql(`SELECT group_concat(action, ' ') FROM (SELECT DISTINCT action FROM audit_log
      WHERE record = 'home:${homeId}' ORDER BY action)`);
    for (const a of ['home.add', 'inspection.add', 'requirement.add', 'action.add', 'action.complete', 'home.view']) {
      assert.ok(actions.includes(a), `${a} in ${actions}`);
    }
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('the QPAG tracker flags an overdue action for escalation; the monthly report has a chart, CSV and Excel', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'qa-manager');
    await page.goto('/homes/qpag/actions');
    assert.equal(await h1(page), 'QPAG action tracker');
    assert.match(await inset(page), /past due and not yet escalated/);
    await b.accessible('the QPAG tracker');
    const button = page.getByRole('button', { name: /^Record escalation\s*:/ }).first();
    const name = (await button.textContent()).replace(/^Record escalation\s*:\s*/, '').trim();
    // An escalation needs to say what and to whom.
    await go(page, button);
    assert.ok((await errorLinks(page)).some(([t]) => /what was escalated/.test(t)));
    const card = page.locator('.govuk-summary-card', { hasText: name });
    await card.getByLabel('What was escalated, and to whom').fill('Raised with the leadership team');
    await go(page, card.getByRole('button', { name: /^Record escalation/ }));
    assert.match(await banner(page), /escalation to the leadership team has been recorded/);
    assert.match(await page.locator('.govuk-summary-card', { hasText: name }).innerText(), /Escalated on/);

    const month = s.sql("SELECT strftime('%Y-%m', 'now', 'start of month', '-1 month')");
    await page.goto(`/homes/qpag?month=${month}`);
    assert.equal(await h1(page), "Monthly QPAG report: children's homes");
    assert.ok(await page.locator('figure svg').count(), 'a chart');
    for (const t of ['Key performance indicators', 'Thematic reviews completed in the month',
      'Regulation 44 visits in the month, with findings', 'QPAG actions overdue: for escalation to the leadership team']) {
      assert.ok(await page.getByRole('heading', { name: new RegExp(`^${t}`) }).count(), t);
    }
    await b.accessible('the QPAG report');
    const { cookie } = await fetchSignIn(s.base, 'qa-manager');
    const csv = await fetch(`${s.base}/homes/qpag.csv?month=${month}`, { headers: { cookie } });
    assert.equal(csv.status, 200);
    assert.match(await csv.text(), /^"?Every home's status"?\r\nhome,urn,registered_manager/);
    const xlsx = await fetch(`${s.base}/homes/qpag.xlsx?month=${month}`, { headers: { cookie } });
    assert.equal(xlsx.status, 200);
    assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
    const bad = await fetch(`${s.base}/homes/qpag?month=2026-13`, { headers: { cookie } });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /The month must be a real month/);
    // The month is asked for as GOV.UK's date input, month and year.
    const asked = await fetch(`${s.base}/homes/qpag?month-month=2&month-year=2026`, { headers: { cookie } });
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /February 2026/);
    // A board member cannot open the homes.
    const board = await fetchSignIn(s.base, 'board');
    assert.equal((await fetch(`${s.base}/homes`, { headers: { cookie: board.cookie }, redirect: 'manual' })).status, 403);
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test("an inspection's action plan downloads as one table, audited", async () => {
  const { cookie } = await fetchSignIn(s.base, 'residential-manager');
  // The demo's seed inspection: four requirements, each with its actions.
  const insp = s.sql(`SELECT i.id || ' ' || i.home_id FROM inspection i WHERE (SELECT count(*) FROM inspection_requirement r
    WHERE r.inspection_id = i.id) = 4 AND i.start_on LIKE '2021-%' LIMIT 1`).split(' ');
  const base = `${s.base}/homes/${insp[1]}/inspections/${insp[0]}`;
  const page = await (await fetch(base, { headers: { cookie } })).text();
  assert.match(page, /href="\/homes\/\d+\/inspections\/\d+\/download\.csv" download>Download the action plan as a CSV file/);
  const before = Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'home:${insp[1]}'`));
  const r = await fetch(base + '/download.csv', { headers: { cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /inspection-action-plan-\d{4}-\d{2}-\d{2}\.csv/);
  const lines = (await r.text()).trim().split('\r\n');
  assert.equal(lines[0], 'regulation,requirement,requirement_due,requirement_met,action,owner,target,completed');
  const rows = lines.slice(1);
  const actions = Number(s.sql(`SELECT count(*) FROM inspection_action a JOIN inspection_requirement q ON q.id = a.requirement_id
    WHERE q.inspection_id = ${insp[0]}`));
  assert.equal(rows.length, actions, 'one row per action');
  assert.ok(rows.every((l) => l.includes(',2021-07-01,yes,')), 'every requirement due 1 July 2021 and met');
  assert.ok(Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'home:${insp[1]}'`)) > before, 'the download is audited');
  const x = await fetch(base + '/download.xlsx', { headers: { cookie } });
  assert.equal(x.status, 200);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

// Issue 20: the weekly safeguarding, LADO and complaints return, a month's
// occupancy and staffing, and a complaint with its outcome, each through
// its GOV.UK form (errors in field order, confirmation banner), audited,
// shown on the home's page and in the QPAG report; the board sees the
// figures only.
test("a home's weekly return, occupancy and staffing, and a complaint: forms, page and report", async () => {
  const b = await openBrowser();
  const { page } = b;
  const today = new Date();
  const homeId = s.sql("SELECT id FROM home WHERE urn = 'SC900002'");   // Beacon View: last week's return not in
  const audited = (like) => Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'home:${homeId}' AND action LIKE '${like}'
    AND actor = '${userFor('residential-manager')}'`));
  try {
    await signIn(page, 'residential-manager');
    await page.goto(`/homes/${homeId}`);
    for (const t of ['Weekly safeguarding, LADO and complaints returns', 'Occupancy and staffing', 'Complaints and compliments']) {
      assert.ok(await page.getByRole('heading', { name: t, exact: true }).count(), t);
    }
    await fits320(page, b.failures, "a home's page");

    // The weekly return: mistakes first, every error named in field order.
    await go(page, page.getByRole('link', { name: 'Record a weekly return' }));
    assert.equal(await h1(page), 'Record a weekly return');
    await b.accessible('the weekly return form');
    await go(page, page.getByRole('button', { name: 'Save the return' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]),
      ['#week_of', '#returned_on', '#safeguarding', '#lado_referrals', '#complaints']);
    await b.accessible('the weekly return form with errors');
    const lastMonday = daysFrom(today, -((today.getDay() + 6) % 7) - 7);
    await fillDate(page, 'Week beginning', daysFrom(lastMonday, 2));   // a Wednesday: its Monday is kept
    await fillDate(page, 'Date of the return', today);
    await page.getByLabel('Safeguarding concerns').fill('1');
    await page.getByLabel('Referrals to the LADO').fill('x');
    await page.getByLabel('Complaints', { exact: true }).fill('2');
    await page.getByLabel('Analysis (optional)').fill('One online-safety concern, referred the same day.');
    await go(page, page.getByRole('button', { name: 'Save the return' }));
    assert.deepEqual(await errorLinks(page), [['Enter the number of referrals to the LADO as a whole number from 0 to 999', '#lado_referrals']]);
    assert.equal(await page.getByLabel('Safeguarding concerns').inputValue(), '1', 'what was typed is kept');
    await page.getByLabel('Referrals to the LADO').fill('0');
    await go(page, page.getByRole('button', { name: 'Save the return' }));
    assert.equal(path(page), `/homes/${homeId}?saved=home-weekly`);
    assert.match(await banner(page), /weekly return has been saved/);
    const week = s.sql(`SELECT week_of || ' ' || safeguarding || ' ' || complaints FROM home_weekly_return
      WHERE home_id = ${homeId} ORDER BY week_of DESC LIMIT 1`);
    const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    assert.equal(week, `${iso(lastMonday)} 1 2`);
    assert.equal(audited('weekly-return.add'), 1);
    const weekly = page.getByRole('table', { name: 'Weekly safeguarding, LADO and complaints returns' });
    assert.match(await weekly.locator('tbody tr').first().innerText(), new RegExp(longDate(lastMonday)));

    // A month's occupancy and staffing: places used no more than registered.
    await go(page, page.getByRole('link', { name: "Record a month's occupancy and staffing" }));
    await b.accessible('the occupancy and staffing form');
    await page.getByLabel('Places used').fill('9');
    await page.getByLabel('Staff posts').fill('14');
    await page.getByLabel('Posts filled').fill('15');
    await go(page, page.getByRole('button', { name: 'Save the month' }));
    assert.deepEqual(await errorLinks(page), [['The places used must be 4 or fewer: the home is registered for 4 places', '#places_used']]);
    await b.accessible('the occupancy and staffing form with errors');
    await page.getByLabel('Places used').fill('3');
    await go(page, page.getByRole('button', { name: 'Save the month' }));
    assert.deepEqual(await errorLinks(page), [['The posts filled must be no more than the posts (14)', '#filled']]);
    await page.getByLabel('Posts filled').fill('13');
    await page.getByLabel('Staff who left in the month').fill('1');
    await go(page, page.getByRole('button', { name: 'Save the month' }));
    assert.match(await banner(page), /occupancy and staffing have been saved/);
    assert.match(await page.locator('main').innerText(), /3 of 4 places used \(75%\)/);
    assert.equal(audited('home-month.%'), 1);

    // A complaint, then its outcome.
    await go(page, page.getByRole('link', { name: 'Record a complaint or compliment' }));
    await b.accessible('the complaint form');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#fb_kind', '#received_on', '#from_kind', '#about']);
    await b.accessible('the complaint form with errors');
    await page.getByRole('group', { name: 'Complaint or compliment' }).getByLabel('Complaint', { exact: true }).check();
    await fillDate(page, 'Date received', today);
    await page.getByRole('group', { name: 'Who it came from' }).getByLabel("A young person's family").check();
    await page.getByLabel('What it was about').selectOption('contact');
    await page.getByLabel('Summary (optional)').fill('Contact moved twice at short notice.');
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.match(await banner(page), /complaint or compliment has been saved/);
    await go(page, page.getByRole('link', { name: /^Change the complaint received .* \(record its outcome\)$/ }).first());
    assert.equal(await h1(page), 'Change a complaint');
    await b.accessible('the complaint correction form');
    await page.getByRole('group', { name: 'Outcome (complaints only)' }).getByLabel('Partly upheld').check();
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.deepEqual(await errorLinks(page), [['Enter the date of the outcome', '#outcome_on']]);
    await fillDate(page, 'Date of the outcome', today);
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.match(await banner(page), /complaint or compliment has been saved/);
    assert.equal(audited('feedback.update'), 1);
    assert.match(await page.getByRole('table', { name: 'Complaints and compliments' }).locator('tbody tr').first().innerText(),
      /Complaint\s+A young person's family\s+Contact with family and friends\s+Partly upheld/);
    await fits320(page, b.failures, "a home's page with the new records");
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }

  // The QPAG report: the new tables; the board's copy has the figures
  // only (no complaints list, no note or summary, small counts hidden).
  const month = s.sql("SELECT strftime('%Y-%m', 'now', 'start of month', '-1 month')");
  const qa = await fetchSignIn(s.base, 'qa-manager');
  const full = await (await fetch(`${s.base}/homes/qpag?month=${month}`, { headers: { cookie: qa.cookie } })).text();
  for (const t of ['Weekly safeguarding, LADO and complaints returns, by home and week',
    'Occupancy: places used of places registered', 'Staff posts, vacancies and leavers',
    'Complaints and compliments received in the month']) {
    assert.ok(full.includes(t), t);
  }
  const board = await fetchSignIn(s.base, 'board');
  const r = await fetch(`${s.base}/homes/qpag?month=${month}`, { headers: { cookie: board.cookie } });
  assert.equal(r.status, 200);
  const fig = await r.text();
  assert.ok(fig.includes('Occupancy: places used of places registered'));
  assert.ok(fig.includes('Weekly safeguarding, LADO and complaints returns, by home and week'));
  assert.ok(!fig.includes('Complaints and compliments received in the month'), 'no list of complaints for the board');
  for (const w of ['Evening meals', 'front door', 'Contact moved twice']) assert.ok(!fig.includes(w), w);
  assert.ok(fig.includes('fewer than 6'));
  const boardCsv = await (await fetch(`${s.base}/homes/qpag.csv?month=${month}`, { headers: { cookie: board.cookie } })).text();
  assert.match(boardCsv, /\r\nhome,places_registered,places_used,occupancy_percent\r\n/, "the board's download has the occupancy");
  assert.ok(!boardCsv.includes('received_on,kind,from'), "and not the complaints");
  const csv = await (await fetch(`${s.base}/homes/qpag.csv?month=${month}`, { headers: { cookie: qa.cookie } })).text();
  assert.match(csv, /\r\nhome,week_beginning,returned_on,status,safeguarding_concerns,lado_referrals,complaints\r\n/);
  assert.match(csv, /\r\nhome,places_registered,places_used,occupancy_percent\r\n/);
});

test('the QA evidence: a survey and its responses, a dip sample whose action goes into the QPAG tracker; the board sees the survey figures only', async () => {
  const b = await openBrowser();
  const { page, failures } = b;
  const check = async (what) => { await b.accessible(what); await fits320(page, failures, what); };
  const today = new Date();
  const closed = daysFrom(today, -2);
  try {
    await signIn(page, 'residential-manager');
    const homeId = s.sql("SELECT id FROM home WHERE name = 'Beacon View (demo)'");
    await page.goto(`/homes/${homeId}`);
    // The demo's Beacon View has never surveyed: both surveys are overdue.
    const due = await page.locator('#surveys + ul').innerText();
    assert.match(due, /The next young people's survey is due by .* Overdue/);
    assert.match(due, /The next professionals' survey is due by .* Overdue/);
    await check("a home's page with its surveys and audits");

    // Mistakes first: every field of the survey form named.
    await go(page, page.getByRole('button', { name: 'Record survey' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]),
      ['#survey_kind', '#survey_on', '#survey_asked', '#survey_number']);
    await b.accessible('the survey form with errors');
    await page.getByRole('group', { name: 'Who the survey was for' }).getByLabel('Young people living in the home').check();
    await fillDate(page, 'Date the survey closed', closed);
    await page.getByLabel('Who was asked').fill('The two young people living in the home');
    await page.getByLabel('How many people were asked').fill('2');
    await page.getByLabel('Focus of this survey (optional)').fill('Feeling safe');
    await go(page, page.getByRole('button', { name: 'Record survey' }));
    const m = new RegExp(`^/homes/${homeId}/surveys/(\\d+)\\?saved=home-survey$`).exec(path(page));
    assert.ok(m, `to the survey's page, not ${path(page)}`);
    assert.equal(await h1(page), `Young people's survey closed on ${longDate(closed)}`);
    assert.match(await banner(page), /Add each response below/);
    await check("a survey's page");

    // A response: every question needs an answer, or "Not answered".
    await go(page, page.getByRole('button', { name: 'Add response' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#q1', '#q2', '#q3', '#q4', '#q5', '#q6']);
    await b.accessible('the response form with errors');
    const answers = [['I feel safe living here', 'Strongly agree'], ['Staff listen to me and take my views seriously', 'Agree'],
      ['I am helped to keep in touch with my family and friends', 'Agree'], ['I get the help I need with school, college or work', 'Agree'],
      ['I know who to talk to if I am worried or want to complain', 'Agree'], ['I am happy with how I am looked after here', 'Not answered']];
    for (const [q, a] of answers) await page.getByRole('group', { name: q }).getByLabel(a, { exact: true }).check();
    await page.getByLabel('Comment (optional)').fill('I like my room');
    await go(page, page.getByRole('button', { name: 'Add response' }));
    assert.match(await banner(page), /response has been added/);
    // 5 + 4 + 4 + 4 + 4 = 21 over five answers.
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Average score\s+4\.20 out of 5/);
    assert.match(await page.getByRole('table', { name: /Scores by question/ }).innerText(), /first survey/);
    assert.match(await page.locator('main').innerText(), /I like my room/);
    for (const [q] of answers) await page.getByRole('group', { name: q }).getByLabel('Not answered').check();
    await page.getByRole('group', { name: answers[0][0] }).getByLabel('Disagree', { exact: true }).check();
    await go(page, page.getByRole('button', { name: 'Add response' }));
    assert.match(await page.locator('main').innerText(), /Every one of the 2 people asked has a response recorded/);
    await check('a survey with every response');

    // Recorded wrongly: three were asked. The correction page names each
    // mistake, keeps the survey's kind, and says so when saved (issue 20).
    const surveyPath = path(page).split('?')[0];
    await go(page, page.getByRole('link', { name: "Correct the survey's date, who was asked or its focus" }));
    assert.equal(await h1(page), `Correct the young people's survey closed on ${longDate(closed)}`);
    await check("a survey's correction page");
    const when = page.getByRole('group', { name: 'Date the survey closed', exact: true });
    await when.getByLabel('Day').fill('31');
    await when.getByLabel('Month').fill('2');
    await page.getByLabel('Who was asked').fill('');
    await page.getByLabel('How many people were asked').fill('1');
    await go(page, page.getByRole('button', { name: 'Save changes' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#survey_on', '#survey_asked', '#survey_number']);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /2 responses are recorded: enter 2 or more/);
    await b.accessible('the survey correction with errors');
    await fillDate(page, 'Date the survey closed', closed);
    await page.getByLabel('Who was asked').fill('The three young people living in the home');
    await page.getByLabel('How many people were asked').fill('3');
    await go(page, page.getByRole('button', { name: 'Save changes' }));
    assert.equal(path(page), `${surveyPath}?saved=home-survey-corrected`);
    assert.match(await banner(page), /survey's details have been corrected/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Responses\s+2 of 3 asked/);
    assert.equal(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'home:${homeId}' AND action = 'survey.correct'
      AND before_value LIKE '%2 asked (The two young people living in the home)%'
      AND after_value LIKE '%3 asked (The three young people living in the home)%'`), '1');

    // The home's page: the survey listed, the young people's survey no longer overdue.
    await page.goto(`/homes/${homeId}`);
    assert.match(await page.getByRole('table', { name: 'The latest surveys beside the one before' }).innerText(), /first survey/);
    assert.doesNotMatch(await page.locator('#surveys + ul').innerText(), /young people's survey is due by [^\n]* Overdue/);

    // A dip sample: mistakes first, then with its first action.
    await go(page, page.getByRole('button', { name: 'Record dip sample or full audit' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#qa_kind', '#qa_on', '#qa_by', '#qa_focus']);
    await b.accessible('the dip sample form with errors');
    await page.getByRole('group', { name: 'Which kind of audit' }).getByLabel(/^Dip sample/).check();
    await fillDate(page, 'Date of the dip sample or full audit', daysFrom(today, -1));
    await page.getByLabel('Auditor').fill('Pat Auditor');
    await page.getByLabel('What was looked at').fill('Bedtime routines');
    await page.getByLabel('What it found').fill('Routines followed; one log incomplete.');
    await page.getByLabel('First action (optional)').fill('Complete the bedtime logs every night');
    await page.getByLabel('Who owns the first action').fill('Deputy manager');
    await fillDate(page, 'First action due by', daysFrom(today, 20));
    await go(page, page.getByRole('button', { name: 'Record dip sample or full audit' }));
    assert.match(path(page), new RegExp(`^/homes/${homeId}/qa-audits/\\d+\\?saved=home-qa-audit$`));
    assert.equal(await h1(page), `Dip sample of ${longDate(daysFrom(today, -1))}`);
    await check("a dip sample's page");
    // Into the QPAG tracker in one step, agreed today.
    await go(page, page.getByRole('button', { name: /^Add to the QPAG tracker\s*:\s*Complete the bedtime logs/ }));
    assert.match(await banner(page), /now in the QPAG action tracker/);
    assert.match(await page.locator('.govuk-summary-card').innerText(), new RegExp(`agreed at the meeting on ${longDate(today)}`));
    assert.equal(await page.getByRole('button', { name: /^Add to the QPAG tracker/ }).count(), 0);
    await page.goto('/homes/qpag/actions');
    const card = page.locator('.govuk-summary-card', { hasText: 'Complete the bedtime logs every night' });
    assert.match(await card.innerText(), new RegExp(`From the Dip sample of ${longDate(daysFrom(today, -1))} at Beacon View \\(demo\\)`));
    await b.accessible('the QPAG tracker with an action from a dip sample');

    const acts = s.sql(`SELECT group_concat(action, ' ') FROM (SELECT DISTINCT action FROM audit_log
      WHERE record = 'home:${homeId}' ORDER BY action)`);
    for (const a of ['survey.add', 'survey-response.add', 'qa-audit.add', 'audit-action.add', 'audit-action.to-qpag']) {
      assert.ok(acts.includes(a), `${a} in ${acts}`);
    }

    // The board: the survey figures in the report, never the auditor or a comment.
    const month = `${closed.getFullYear()}-${String(closed.getMonth() + 1).padStart(2, '0')}`;
    const board = await fetchSignIn(s.base, 'board');
    const r = await fetch(`${s.base}/homes/qpag?month=${month}`, { headers: { cookie: board.cookie } });
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /Surveys of young people and professionals: the latest beside the one before/);
    assert.doesNotMatch(html, /Dip samples and full audits in the month \(/);
    for (const name of ['Pat Auditor', 'I like my room', 'Bedtime routines', 'Deputy manager']) {
      assert.ok(!html.includes(name), `the board's page names ${name}`);
    }
    const csv = await (await fetch(`${s.base}/homes/qpag.csv?month=${month}`, { headers: { cookie: board.cookie } })).text();
    assert.match(csv, /Every survey, by home, over time/);
    assert.ok(!csv.includes('Pat Auditor') && !csv.includes('Complete the bedtime logs'), "the board's CSV has no audit");
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

// A serious event is recorded with GOV.UK's date input and a time box, never
// typed as "YYYY-MM-DD HH:MM" (issue 17): nothing filled in names every
// field in the page's order; a time that is not a time and an impossible
// date are named; the event saved, it is notified from the table's own form.
test('a serious event and its notification, entered as a date and a time', async () => {
  const b = await openBrowser();
  const { page } = b;
  const today = new Date();
  const homeId = s.sql("SELECT id FROM home WHERE urn = 'SC900001'");
  const count = () => Number(s.sql(`SELECT count(*) FROM home_notification WHERE home_id = ${homeId}`));
  const n0 = count();
  try {
    await signIn(page, 'residential-manager');
    await page.goto(`/homes/${homeId}`);
    const save = () => go(page, page.getByRole('button', { name: 'Record notification' }).last());
    await save();
    assert.deepEqual(await errorLinks(page), [
      ['Select whether it was a serious event or an allegation', '#note_kind'],
      ['Enter the date of the event', '#event_at'],
      ['Enter a short summary of what happened', '#summary']]);
    assert.equal(count(), n0, 'nothing saved');

    await page.getByLabel('Serious event').check();
    await fillDate(page, 'When it happened', daysFrom(today, -1));
    const time = page.locator('#event_at-time');
    await time.fill('25:10');
    await page.getByLabel('What happened').fill('A young person went missing overnight and was found safe.');
    await save();
    assert.deepEqual(await errorLinks(page), [
      ['The time of the event must be a real time on the 24-hour clock, like 14:30', '#event_at-time']]);
    assert.equal(await page.locator('#event_at-day').count() + await page.locator('#event_at').count(), 1);
    assert.equal(await page.locator('#event_at-time').inputValue(), '25:10', 'what was typed is shown again');
    const g = page.getByRole('group', { name: 'When it happened', exact: true });
    await g.getByLabel('Day').fill('31');
    await g.getByLabel('Month').fill('2');
    await page.locator('#event_at-time').fill('09:05');
    await save();
    assert.deepEqual(await errorLinks(page), [['The date of the event must be a real date', '#event_at']]);
    assert.equal(count(), n0);
    await b.accessible('the notification form with its errors');

    await fillDate(page, 'When it happened', daysFrom(today, -1));
    await page.locator('#event_at-time').fill('09:05');
    await save();
    assert.match(await banner(page), /notification has been recorded/);
    assert.equal(count(), n0 + 1);
    const y = daysFrom(today, -1);
    const iso = `${y.getFullYear()}-${String(y.getMonth() + 1).padStart(2, '0')}-${String(y.getDate()).padStart(2, '0')}`;
    assert.equal(s.sql(`SELECT event_at || '|' || ifnull(notified_at, '-') FROM home_notification WHERE home_id = ${homeId}
      ORDER BY id DESC LIMIT 1`), `${iso} 09:05|-`);

    // Notified from the table's own form: the same date and time boxes.
    const id = s.sql(`SELECT max(id) FROM home_notification WHERE home_id = ${homeId}`);
    const cell = page.locator(`form[action$="/notifications/${id}"]`);
    await cell.getByRole('group', { name: 'Notified at' }).getByLabel('Day').fill(String(today.getDate()));
    await cell.getByRole('group', { name: 'Notified at' }).getByLabel('Month').fill(String(today.getMonth() + 1));
    await cell.getByRole('group', { name: 'Notified at' }).getByLabel('Year').fill(String(today.getFullYear()));
    await go(page, cell.getByRole('button', { name: 'Record notification' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), [`#notified_${id}-time`], 'the time is asked for');
    const cell2 = page.locator(`form[action$="/notifications/${id}"]`);
    await cell2.locator(`#notified_${id}-time`).fill('08:00');
    await go(page, cell2.getByRole('button', { name: 'Record notification' }));
    assert.match(await banner(page), /notification has been recorded/);
    const t = today;
    const isoT = `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
    assert.equal(s.sql(`SELECT notified_at FROM home_notification WHERE id = ${id}`), `${isoT} 08:00`);
    await b.accessible("the home's page after the notification");
    await fits320(page, b.failures, "the home's page with the notification form");
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

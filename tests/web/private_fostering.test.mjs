// Private fostering in a real browser (SPEC §7): a private fostering worker
// lands on their dashboard, records a notification through the form (with
// mistakes first), then the initial visit confirming it, the assessment and
// a Regulation 8 visit with the child seen alone; the next visit due is
// shown on the child's page and the dashboard, and every step is in the
// audit log under "pf:<id>". The QA manager opens the annual report with
// its charts and downloads it; a board member cannot open the pages. Every
// page is checked with axe-core (WCAG 2.2 AA), and no page may log a console
// error or break the Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, signIn as fetchSignIn, browserSession, go, signInPage as signIn } from './lib.mjs';
import { userFor, PASSWORD } from './lib.mjs';

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
const errorText = (page) => page.locator('.govuk-error-summary').innerText();
const errorLinks = (page) => page.locator('.govuk-error-summary a').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}
const banner = (page) => page.locator('.govuk-notification-banner--success').innerText();

// Dates relative to the server's today (it runs on this machine's clock).
const DAY = 86400000;
const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z');
const ago = (n) => new Date(today.getTime() - n * DAY);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const long = (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

async function fillDate(page, name, d) {
  await page.locator(`#${name}`).fill(String(d.getUTCDate()));
  await page.locator(`#${name}-month`).fill(String(d.getUTCMonth() + 1));
  await page.locator(`#${name}-year`).fill(String(d.getUTCFullYear()));
}

test('a worker records a notification through to a Regulation 8 visit, and sees the next visit due', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'pf-worker');
    assert.equal(await h1(page), 'Private fostering');
    assert.match(await page.locator('main').innerText(), /Visits and other work due/);
    await b.accessible('the dashboard');

    // ---- The notification, empty first.
    await go(page, page.getByRole('button', { name: 'Record a notification' }));
    assert.equal(await h1(page), 'Record a private fostering notification');
    await b.accessible('the notification form');
    await go(page, page.getByRole('button', { name: 'Record notification' }));
    const errs = await errorText(page);
    for (const want of [/Enter the child's name/, /Enter the child's date of birth/, /Select the carer's relationship/,
      /Enter how many days/, /Select who made the notification/, /Say whether the child is an overseas student/]) {
      assert.match(errs, want);
    }
    await b.accessible('the notification form with errors');

    const notified = ago(70), born = new Date(Date.UTC(today.getUTCFullYear() - 13, 2, 14));
    await page.getByLabel("Child's full name").fill("Zoë O'Brien");
    await fillDate(page, 'child_dob', born);
    await page.locator('input[name=child_disabled][value=no]').check();
    await page.getByLabel("Carer's full name").fill('Sam <b>Friend</b>');
    await page.locator('input[name=carer_relationship][value=family-friend]').check();
    await page.getByLabel('Parents', { exact: true }).fill('Mother: Ann O\'Brien, Weymouth');
    await page.getByLabel('Who holds parental responsibility?').fill('Mother');
    await fillDate(page, 'notified_on', notified);
    await page.locator('input[name=source][value=school]').check();
    await page.getByLabel('How many days is it expected to last?').fill('180');
    await page.locator('input[name=overseas_student][value=no]').check();
    await page.locator('input[name=managed_by][value=locality]').check();
    await page.getByLabel('Name of the team or partner').fill('Dorchester locality team');
    // Why, sex and ethnicity (issue 20): a reason not on the list (a page
    // altered by hand) is refused, the error naming the field and linking
    // to it; then the list's own choice.
    await page.locator('input[name=child_sex][value=F]').check();
    await page.getByLabel("Child's ethnicity").selectOption('WBRI');
    await page.locator('input[name=pf_reason][value=family-breakdown]').evaluate((el) => { el.value = 'homesick'; el.checked = true; });
    await go(page, page.getByRole('button', { name: 'Record notification' }));
    assert.deepEqual(await errorLinks(page), [['Select why the child is privately fostered from the list', '#pf_reason']]);
    assert.match(await page.locator('#pf_reason-error').innerText(), /Select why the child is privately fostered/);
    await b.accessible('the notification form with a bad reason');
    assert.equal(await page.locator('input[name=child_sex][value=F]').isChecked(), true, 'the sex is kept');
    await fillDate(page, 'child_dob', born);
    await fillDate(page, 'notified_on', notified);
    await page.locator('input[name=pf_reason][value=family-breakdown]').check();
    await fits320(page, b.failures, 'the notification form');
    await go(page, page.getByRole('button', { name: 'Record notification' }));
    assert.match(await banner(page), /notification has been recorded/);
    assert.equal(await h1(page), "Zoë O'Brien");
    const id = new URL(page.url()).pathname.split('/')[2];
    assert.match(id, /^\d+$/);
    assert.match(await page.locator('main').innerText(), /Meets the definition of private fostering/);
    assert.match(await page.locator('main').innerText(), /Sam <b>Friend<\/b> \(Family friend\)/);
    assert.match(await page.locator('.govuk-inset-text').innerText(), /The initial visit is due by/);
    // Shown in words, never as codes.
    const details = await page.locator('.govuk-summary-list').innerText();
    assert.match(details, /Why privately fostered\s+Family breakdown/);
    assert.match(details, /Sex\s+Female/);
    assert.match(details, /Ethnicity\s+White British/);
    assert.doesNotMatch(details, /family-breakdown|WBRI/);
    await b.accessible('the new arrangement');
    await fits320(page, b.failures, 'the arrangement page');
    // Corrected on the arrangement's own form, audited.
    await page.locator('input[name=pf_reason][value=parental-conflict]').check();
    await go(page, page.getByRole('button', { name: 'Save details' }));
    assert.match(await banner(page), /Why the child is privately fostered, their sex and ethnicity have been saved/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Why privately fostered\s+Conflict between the parents/);
    assert.equal(s.sql(`SELECT reason FROM pf_arrangement WHERE id = ${id}`), 'parental-conflict');

    // ---- The initial visit, a mistake first (no decision).
    const visited = ago(67);
    await fillDate(page, 'initial_visit_on', visited);
    await go(page, page.getByRole('button', { name: 'Save initial visit' }));
    assert.match(await errorText(page), /Select whether the visit confirmed it is private fostering/);
    await b.accessible('the initial visit with an error');
    await page.locator('input[name=decision][value=confirmed]').check();
    await go(page, page.getByRole('button', { name: 'Save initial visit' }));
    assert.match(await banner(page), /initial visit and its decision have been saved/);

    // ---- The assessment and a check.
    const assessed = ago(40);
    await fillDate(page, 'assessment_on', assessed);
    await fillDate(page, 'dbs_check_on', ago(50));
    await go(page, page.getByRole('button', { name: 'Save assessment' }));
    assert.match(await banner(page), /assessment has been saved/);

    // ---- A Regulation 8 visit, the child seen alone.
    const reg8 = ago(10);
    await fillDate(page, 'visited_on', reg8);
    await page.locator('input[name=seen_alone][value=yes]').check();
    await page.getByLabel("The child's views").fill('Happy here; wants to stay until the summer');
    await go(page, page.getByRole('button', { name: 'Save visit' }));
    assert.match(await banner(page), /visit has been recorded/);
    const next = new Date(reg8.getTime() + 42 * DAY);
    assert.match(await page.locator('.govuk-inset-text').innerText(), new RegExp(`Next visit due: ${long(next)}`));
    const visits = await page.locator('table', { has: page.locator('th', { hasText: 'Seen alone' }) }).innerText();
    assert.match(visits, /Regulation 8\s+Yes\s+Happy here/);
    await b.accessible('the arrangement after a Regulation 8 visit');

    // ---- The dashboard shows the child with the next visit due.
    // The breadcrumbs lead back up to the list.
    await go(page, page.locator('.govuk-breadcrumbs').getByRole('link', { name: 'Private fostering' }));
    await page.goto('/private-fostering?show=all');
    const row = page.locator('tr', { has: page.getByRole('link', { name: "Zoë O'Brien" }) }).last();
    assert.match(await row.innerText(), new RegExp(long(next)));

    // ---- Every step is in the audit log under the arrangement.
    const actions = s.sql(`SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log
      WHERE record = 'pf:${id}' ORDER BY id)`);
    for (const a of ['pf.notify', 'pf.view', 'pf.details', 'pf.initial-visit', 'pf.assessment', 'pf.visit']) {
      assert.ok(actions.split(' ').includes(a), `${a} in ${actions}`);
    }
    assert.equal(s.sql(`SELECT count(*) FROM pf_visit WHERE arrangement_id = ${id} AND seen_alone = 1`), '1');
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

test('the QA manager opens the annual report with charts and downloads it; a board member cannot', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await signIn(page, 'qa-manager');
    await page.goto('/private-fostering/report');
    assert.equal(await h1(page), 'Private fostering annual report');
    assert.ok(await page.locator('figure.app-chart svg').count() >= 1, 'a chart');
    const main = await page.locator('main').innerText();
    assert.match(main, /Children privately fostered at the end of the period/);
    // The new tables (issue 20), reasons in words with no code column.
    for (const t of ['Why children were privately fostered', 'Children at the end of the period by age, sex and ethnicity',
      'Regulation 8 visits on time, child by child']) {
      assert.ok(await page.getByRole('heading', { name: t }).count() === 1, t);
    }
    assert.match(main, /Number, previous period/);
    assert.match(main, /Every 6 weeks in the first year, then every 12 weeks/);
    assert.match(main, /\d+ of \d+/);
    assert.doesNotMatch(main, /overseas-student|family-breakdown/);
    await b.accessible('the annual report');
    await fits320(page, b.failures, 'the annual report');
    // The last twelve months hold the demo's overseas students, managed by
    // the partner on its own 4-weekly pattern beside the council's 6.
    const iso = (d) => d.toISOString().slice(0, 10);
    await page.goto(`/private-fostering/report?from=${iso(ago(365))}&to=${iso(today)}`);
    const teams = await page.locator('table', { has: page.locator('th', { hasText: 'Regulation 8 visiting pattern' }) }).innerText();
    assert.match(teams, /BCP private fostering team\s+partner[^\n]*Every 4 weeks in the first year, then every 12 weeks/);
    assert.match(teams, /locality team\s+locality[^\n]*Every 6 weeks in the first year, then every 12 weeks/);
    await page.goto('/private-fostering/report?from=2025-04-01&to=not-a-date');
    assert.match(await errorText(page), /The last day must be a real date/);
    await b.accessible('the annual report with an error');
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
  const { cookie } = await fetchSignIn(s.base, 'qa-manager');
  const csv = await fetch(`${s.base}/private-fostering/report.csv?from=2025-04-01&to=2026-03-31`, { headers: { cookie } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const csvText = await csv.text();
  assert.match(csvText, /^Summary\r\nmeasure,number,previous_period_number\r\n/);
  // Downloads carry the reason's code beside its words.
  assert.match(csvText, /\r\nreason,children,percent,code\r\n/);
  const xlsx = await fetch(`${s.base}/private-fostering/report.xlsx`, { headers: { cookie } });
  assert.equal(xlsx.status, 200);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const service = await (await fetch(`${s.base}/service`, { headers: { cookie } })).text();
  assert.match(service, /Private fostering: \d+ child(ren)?, \d+ visits? or assessments? overdue/);
  // The board sees the report's figures only (issue 20), never a record.
  const board = await fetchSignIn(s.base, 'board');
  for (const p of ['/private-fostering', '/private-fostering/1']) {
    const r = await fetch(s.base + p, { headers: { cookie: board.cookie }, redirect: 'manual' });
    assert.equal(r.status, 403, p);
  }
  const figures = await fetch(s.base + '/private-fostering/report', { headers: { cookie: board.cookie } });
  assert.equal(figures.status, 200);
  const fig = await figures.text();
  assert.doesNotMatch(fig, /href="\/private-fostering\/\d/, 'no links to records');
  // The new tables are there for the board too, every small count hidden,
  // the per-child "2 of 4" included; no child's name anywhere.
  assert.match(fig, /Regulation 8 visits on time, child by child/);
  assert.match(fig, /Why children were privately fostered/);
  const boardCsv = await (await fetch(`${s.base}/private-fostering/report.csv`, { headers: { cookie: board.cookie } })).text();
  for (const text of [fig, boardCsv]) {
    assert.doesNotMatch(text, /\b[1-5] of /, 'a small count in "n of m"');
    assert.doesNotMatch(text, / of [1-5]\b/, 'a small count in "n of m"');
  }
  const names = s.sql("SELECT group_concat(child_name, '|') FROM pf_arrangement").split('|').filter(Boolean);
  assert.ok(names.length > 0);
  for (const n of names) {
    assert.ok(!fig.includes(n) && !boardCsv.includes(n), `no name (${n}) in the board's view`);
  }
});

// The IRO annual report (SPEC §9): a board member opens it from the home
// page, sees every section with its chart (SVG with a text alternative)
// and figures, downloads it as CSV and as an Excel workbook (read back:
// one sheet per table), and is told which field is wrong when a date is
// not a date. Counts only, so an IRO, who has no report capability, is
// refused. Every page is checked with axe-core (WCAG 2.2 AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, axe, signIn, userFor, PASSWORD } from './lib.mjs';

let s, browser;
before(async () => {
  s = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

// The sheet names of an .xlsx, read back with unzip from its workbook part.
function sheetNames(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-xlsx-'));
  try {
    const f = join(dir, 'r.xlsx');
    writeFileSync(f, bytes);
    const r = spawnSync('unzip', ['-p', f, 'xl/workbook.xml'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `unzip: ${r.stderr}`);
    return [...r.stdout.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a board member reads the annual report and downloads it', async () => {
  const context = await browser.newContext({ baseURL: s.base });
  const page = await context.newPage();
  const problems = [];
  // A form with a mistake is answered 400, which the browser logs: expected.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console error on ${page.url()}: ${m.text()}`); });
  try {
    await page.goto('/login');
    await page.getByLabel('Username').fill(userFor('board'));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'the IRO annual report' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /annual report/);
    // The default period is the last full financial year.
    // The period as GOV.UK's date inputs (day, month, year).
    const lastDay = page.getByRole('group', { name: 'Last day' });
    const firstDay = page.getByRole('group', { name: 'First day' });
    assert.equal(await lastDay.getByLabel('Day').inputValue(), '31');
    assert.equal(await lastDay.getByLabel('Month').inputValue(), '3');
    const toYear = Number(await lastDay.getByLabel('Year').inputValue());
    assert.deepEqual([await firstDay.getByLabel('Day').inputValue(), await firstDay.getByLabel('Month').inputValue(),
      await firstDay.getByLabel('Year').inputValue()], ['1', '4', String(toYear - 1)]);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    for (const h of ['Summary', 'Children in care at each month end', 'Children in care by age band',
      'Children in care by legal status', 'Entering and leaving care by month',
      'Children in care by age and months in care', 'Reviews held and on time by month',
      'How children took part in their reviews', 'Caseload per IRO', 'Permanence plans of children in care at the period end',
      // issue 20
      'White non-British children in care at each month end',
      'Unaccompanied asylum-seeking children in care at each month end', 'Children in care by home locality',
      'Children in care with special educational needs', 'Full review minutes issued on time by month',
      'Children aged 4 and over who took part in their reviews, by month',
      'Reviews in person, virtual and chaired by the child, by month', 'IRO allocated after the service was notified',
      'Changes of IRO for children in care in the period',
      'Children in care at the period end visited face to face by an IRO',
      'Average caseload and caseload per full-time IRO', 'Escalations raised by month']) {
      assert.ok(headings.includes(h), `section "${h}" is shown`);
    }
    // Charts are images with a name and a description, each followed by its table.
    // The board's copy draws no chart of a table with a count under 6 (it
    // would show the count): a note says so in its place.
    const charts = page.locator('svg[role="img"]');
    const noChart = await page.getByText('No chart: it would show counts under 6.').count();
    assert.ok(noChart > 0, 'the demo has small counts');
    assert.ok(await charts.count() + noChart >= 26, 'a chart, or the reason for none, for each section that has one');
    const first = charts.first();
    const labelled = await first.getAttribute('aria-labelledby');
    const [tId, dId] = labelled.split(' ');
    assert.equal(await page.locator(`#${tId}`).textContent(), 'Children in care at each month end');
    assert.match(await page.locator(`#${dId}`).textContent(), /The table that follows gives every value/);
    const v = await axe(page);
    if (v.length) problems.push(`axe on the report: ${v.join('; ')}`);

    // Downloads carry the period shown.
    const csvHref = await page.getByRole('link', { name: 'Download the report as CSV' }).getAttribute('href');
    assert.match(csvHref, /^\/reports\/annual\.csv\?from=\d{4}-04-01&to=\d{4}-03-31$/);
    const { cookie } = await signIn(s.base, 'board');
    const csv = await fetch(s.base + csvHref, { headers: { cookie } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="iro-annual-report-\d{4}-04-01-to-\d{4}-03-31\.csv"/);
    const body = await csv.text();
    assert.ok(body.startsWith('Summary\r\nmeasure,number,previous_period\r\n'), body.slice(0, 80));
    assert.match(body, /fewer than 6/, "the board's download hides small counts as its page does");
    assert.match(body, /Reviews held and on time by month\r\nmonth,held,on_time,percent\r\n/);
    const xlsxHref = await page.getByRole('link', { name: 'Download the report as an Excel workbook' }).getAttribute('href');
    const xlsx = await fetch(s.base + xlsxHref, { headers: { cookie } });
    assert.equal(xlsx.status, 200);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    const sheets = sheetNames(bytes);
    assert.equal(sheets.length, 35, `one sheet per table: ${sheets}`);
    assert.equal(sheets[0], 'Summary');
    assert.ok(sheets.includes('Age and duration'));

    // A date that is not a date is named, and the page still works.
    await page.getByRole('group', { name: 'First day' }).getByLabel('Month').fill('13');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await page.waitForLoadState('load');
    const errors = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(errors, ['#from']);
    const v2 = await axe(page);
    if (v2.length) problems.push(`axe on the error page: ${v2.join('; ')}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a chosen period, and a period that ends before it starts', async () => {
  const { cookie } = await signIn(s.base, 'qa-manager');
  const ok = await fetch(s.base + '/reports/annual?from=2026-01-01&to=2026-03-31', { headers: { cookie } });
  assert.equal(ok.status, 200);
  const html = await ok.text();
  assert.match(html, /1 January 2026 to 31 March 2026/);
  // The QA manager sees every count: the age by duration table shaded, 18 ages by 6 bands.
  assert.equal([...html.matchAll(/<td class="app-shade-\d">/g)].length, 18 * 6);
  assert.doesNotMatch(html, /fewer than 6/);
  assert.equal((html.match(/<tr class="govuk-table__row"><td class="govuk-table__cell">(Jan|Feb|Mar) 2026</g) || []).length, 30,
    'three months in each of the ten month tables');
  const bad = await fetch(s.base + '/reports/annual.csv?from=2026-03-31&to=2026-01-01', { headers: { cookie } });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /The last day must be the same as or after the first day/);
});

test('an IRO may not see the annual report', async () => {
  const { cookie } = await signIn(s.base, 'iro');
  for (const path of ['/reports/annual', '/reports/annual.csv', '/reports/annual.xlsx']) {
    const r = await fetch(s.base + path, { headers: { cookie }, redirect: 'manual' });
    assert.equal(r.status, 403, path);
  }
});

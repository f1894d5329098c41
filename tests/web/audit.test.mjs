// The audit log page for the people who read it (issue 17): times in UK
// time in words, people by name, actions and records in words, filters as
// GOV.UK patterns (a person, an action, a record or a child's ID, a date
// range as day, month and year), 50 entries a page with older and newer
// pages, and downloads that keep the filters and the codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage, userFor, csvRecords } from './lib.mjs';

let s, browser;
before(async () => {
  s = await startServer({ children: 20 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;
const WHEN = /^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d\d(am|pm)$/;

async function firstColumn(page) {
  return page.locator('main table tbody tr td:first-child').allInnerTexts();
}

test('the audit log in words, filtered, paged and downloaded', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    // Someone else's work to find: the IRO opens a child's record.
    const iro = await browserSession(browser, s.base);
    await signInPage(iro.page, 'iro');
    const ref = s.sql('SELECT child_ref FROM child ORDER BY child_ref LIMIT 1');
    await iro.page.goto(`/children/${ref}`);
    await iro.context.close();

    await signInPage(page, 'admin');
    await page.goto('/audit');
    await b.accessible('the audit log');
    const table = await page.locator('main table').innerText();
    assert.doesNotMatch(table, ISO, 'no ISO timestamps on the page');
    const when = await firstColumn(page);
    assert.equal(when.length, 50, 'a page holds 50 entries');
    for (const w of when) assert.match(w, WHEN);

    // Older entries, then back to the newer ones.
    const firstPage = await page.locator('main table tbody').innerText();
    await go(page, page.getByRole('link', { name: 'Older entries' }));
    await b.accessible('an older page of the audit log');
    const second = await page.locator('main table tbody').innerText();
    assert.notEqual(second, firstPage);
    await go(page, page.getByRole('link', { name: 'Newer entries' }));
    assert.equal(await page.locator('main table tbody').innerText(), firstPage, 'paging back shows the same entries');

    // Who: the IRO, by name; what: looking at a child's record.
    await page.goto('/audit');
    await page.getByLabel('Who').selectOption(userFor('iro'));
    await page.getByLabel('What').selectOption({ label: "Looked at a child's record" });
    await go(page, page.getByRole('button', { name: 'Show entries' }));
    const rows = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(rows.length >= 1);
    for (const r of rows) {
      assert.match(r, /Test iro/);
      assert.match(r, /Looked at a child's record/);
    }
    assert.ok(rows.some((r) => r.includes(`(child ${ref})`)), rows.join('\n'));
    await b.accessible('the audit log filtered');

    // A child's ID alone is that child's record; the download keeps the
    // filter and the codes.
    await page.goto(`/audit?record=${encodeURIComponent(ref)}`);
    const byRef = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(byRef.length >= 1 && byRef.every((r) => r.includes(`child ${ref}`)), byRef.join('\n'));
    const href = await page.getByRole('link', { name: /CSV file/ }).getAttribute('href');
    const csv = csvRecords(await (await page.request.get(href)).text());
    assert.deepEqual(csv[0], ['at_utc', 'actor', 'action', 'record', 'before', 'after', 'client']);
    assert.ok(csv.length - 1 >= byRef.length);
    assert.ok(csv.slice(1).every((r) => r[3] === `child:${ref}` && ISO.test(r[0])), 'codes and UTC in the download');

    // Dates: three boxes; an impossible date says so; the future has nothing.
    await page.goto('/audit');
    const from = page.getByRole('group', { name: 'From' });
    await from.getByLabel('Day').fill('31');
    await from.getByLabel('Month').fill('2');
    await from.getByLabel('Year').fill('2026');
    await go(page, page.getByRole('button', { name: 'Show entries' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /The from date must be a real date/);
    await b.accessible('the audit log with a wrong date');
    await page.goto('/audit?from-day=1&from-month=1&from-year=2099');
    assert.match(await page.locator('main').innerText(), /No entries match/);

    // At 320 px the page itself does not scroll sideways: the table scrolls
    // in its own region.
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto('/audit');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      'the audit log fits 320 px');
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

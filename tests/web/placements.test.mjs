// Placements (issue 15): business support starts a new episode for a demo
// child and marks it unregistered; the QA manager then sees the child on
// /unregistered with the QA notification due that day; a postcode table
// loaded on the command line gives the distance and area on the child's
// page; the correction is in the audit log with before and after. Every
// page is checked with axe-core and for horizontal scrolling at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, browserSession, go, signInPage, BIN } from './lib.mjs';

let s, browser, ref, name;
before(async () => {
  s = await startServer();
  browser = await launchBrowser();
  // A demo child in care today, in an episode that began before today.
  const row = s.sql(`SELECT c.child_ref, c.given_name || ' ' || c.family_name FROM child c
    JOIN episode e ON e.child_id = c.id AND e.end_date IS NULL
    WHERE e.start_date < date('now', 'localtime') AND c.dob > date('now', 'localtime', '-16 years')
      AND NOT EXISTS (SELECT 1 FROM episode x WHERE x.child_id = c.id AND x.registration = 'unregistered')
    ORDER BY c.child_ref LIMIT 1`).split('|');
  [ref, name] = row;
  assert.ok(ref, 'a demo child in care');
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const today = () => {
  const d = new Date();
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const longToday = () => { const [y, m, d] = today(); return `${d} ${MONTHS[m - 1]} ${y}`; };

// The page at 320 px wide: nothing wider than the screen.
async function fits320(b, what) {
  const size = b.page.viewportSize();
  await b.page.setViewportSize({ width: 320, height: 800 });
  const w = await b.page.evaluate(() => document.documentElement.scrollWidth);
  if (w > 320) b.failures.push(`${what} scrolls sideways at 320 px (${w} px wide)`);
  await b.page.setViewportSize(size);
}

async function check(b, what) {
  await b.accessible(what);
  await fits320(b, what);
}

test('business support starts an episode and marks it unregistered; QA sees it; distances; audit', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signInPage(page, 'business-support');
    await page.goto(`/children/${encodeURIComponent(ref)}`);
    assert.ok(await page.getByRole('heading', { name: 'Placements' }).isVisible());
    await check(b, 'the child page');

    await go(page, page.getByRole('link', { name: 'Start a new episode' }));
    await check(b, 'the new episode form');
    // Nothing filled in (legal status and need are offered from the open
    // episode): every problem named, nothing saved.
    const before = s.sql(`SELECT count(*) FROM episode`);
    await go(page, page.getByRole('button', { name: 'Start the episode' }));
    const errors = await page.locator('.govuk-error-summary a').allInnerTexts();
    assert.ok(errors.some((e) => /date the new episode starts/i.test(e)), errors.join(' | '));
    assert.ok(errors.some((e) => /placement type/i.test(e)), errors.join(' | '));
    assert.equal(s.sql(`SELECT count(*) FROM episode`), before);
    await check(b, 'the new episode form with errors');

    const [y, m, d] = today();
    await page.locator('#start').fill(String(d));
    await page.locator('#start-month').fill(String(m));
    await page.locator('#start-year').fill(String(y));
    await page.getByLabel('Change of placement and carer(s) only (P)').check();
    await page.getByLabel('Legal status', { exact: true }).selectOption('C2');
    await page.getByLabel('Category of need', { exact: true }).selectOption('N1');
    await page.getByLabel('Placement type', { exact: true }).selectOption('K2');
    await page.getByLabel('Placement provider', { exact: true }).selectOption('PR4');
    await page.getByLabel('Placement postcode', { exact: true }).fill('tw3 1aa');
    await page.getByLabel("Child's home postcode", { exact: true }).fill('TW1 3AA');
    await go(page, page.getByRole('button', { name: 'Start the episode' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /new episode has been started/);
    const card = page.locator('.govuk-summary-card', { hasText: `From ${longToday()} (current)` });
    assert.equal(await card.count(), 1, 'the new episode is shown, open');
    // In words on the child's page; the code (K2) only in downloads (issue 17).
    assert.match(await card.innerText(), /Placement type\s+Children's home\n/);
    assert.doesNotMatch(await card.innerText(), /\(K2\)/);
    assert.match(await card.innerText(), /Registered/);
    // The episode open before ended today.
    assert.equal(s.sql(`SELECT e.end_reason FROM episode e JOIN child c ON c.id = e.child_id
      WHERE c.child_ref = '${ref}' AND e.end_date = date('now', 'localtime')`), 'X1');
    await check(b, 'the child page after the new episode');

    // Mark it unregistered by correcting it.
    await go(page, card.getByRole('link', { name: /Correct/ }));
    await check(b, 'the correction form');
    await page.getByLabel('Unregistered: a placement that should be registered and is not').check();
    await go(page, page.getByRole('button', { name: 'Save the correction' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /episode has been corrected/);
    assert.match(await page.locator('.govuk-summary-card', { hasText: '(current)' }).innerText(), /Unregistered/);

    // The QA manager sees the child on /unregistered, the notification due today.
    const qa = await browserSession(browser, s.base);
    await signInPage(qa.page, 'qa-manager');
    await qa.page.goto('/unregistered');
    const row = qa.page.locator('tr', { has: qa.page.getByRole('link', { name, exact: true }) });
    assert.equal(await row.count(), 1, 'the child is on the list');
    // Its wide table is that page's own (not this issue's): axe only.
    await qa.accessible('the unregistered provision list');
    const due = spawnSync(BIN, ['--db', s.db, 'due', '--status', 'all', '--format', 'csv'], { encoding: 'utf8' })
      .stdout.split('\n').filter((l) => l.startsWith(`${ref},`));
    const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    assert.ok(due.some((l) => l.includes(',unreg-qa-notified,') && l.includes(iso)), due.join('\n'));
    const visit = new Date(y, m - 1, d + 14);
    const visitIso = `${visit.getFullYear()}-${String(visit.getMonth() + 1).padStart(2, '0')}-${String(visit.getDate()).padStart(2, '0')}`;
    assert.ok(due.some((l) => l.includes(',unreg-visit,') && l.includes(visitIso)), due.join('\n'));
    failuresInto(b, qa);
    await qa.context.close();

    // A postcode table on the command line: distance and area on the page.
    const dir = mkdtempSync(join(tmpdir(), 'oversight-pc-'));
    try {
      const file = join(dir, 'pc.csv');
      writeFileSync(file, 'postcode,easting,northing,la\nTW1 3AA,516000,173000,E09000027\nTW3 1AA,513000,177000,E09000018\n');
      const r = spawnSync(BIN, ['--db', s.db, 'postcodes', 'load', file, '--la', 'E09000027'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.goto(`/children/${encodeURIComponent(ref)}`);
    assert.match(await page.locator('.govuk-summary-card', { hasText: '(current)' }).innerText(),
      /3\.1 miles from home, outside the council's area/);
    await check(b, 'the child page with distances');

    // End care: the form, with REC in words.
    await go(page, page.getByRole('link', { name: 'End care' }));
    await check(b, 'the end care form');

    // The administrator sees the correction, before and after.
    const admin = await browserSession(browser, s.base);
    await signInPage(admin.page, 'admin');
    await admin.page.goto(`/audit?record=${encodeURIComponent(`child:${ref}`)}`);
    const text = await admin.page.locator('main').innerText();
    assert.match(text, /registration: registered/);
    assert.match(text, /registration: unregistered/);
    assert.match(await admin.page.locator('main table').innerText(), /Corrected an episode of care/);
    await admin.accessible('the audit log');
    failuresInto(b, admin);
    await admin.context.close();
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

function failuresInto(b, other) {
  b.failures.push(...other.failures);
}

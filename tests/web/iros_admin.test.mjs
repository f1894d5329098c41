// IROs and localities kept by the council itself (issue 15), in a real
// browser: the QA manager adds two localities, an IRO serving both, makes
// a mistake (FTE 2) and is told which field, changes the FTE and sees the
// capacity change, and records the day the IRO leaves; the administrator
// renames a locality and sees every change in the audit log. axe on every
// page; at 320 px wide no page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage } from './lib.mjs';

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 10 });
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const banner = (page) => page.locator('.govuk-notification-banner__heading').innerText();
const errorLinks = (page) => page.locator('.govuk-error-summary').getByRole('link').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));

// Checked on every page: accessible, and no sideways scroll at 320 px.
async function check(b, what) {
  await b.accessible(what);
  const { page } = b;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 320) b.failures.push(`${what} is ${wide} px wide at 320 px`);
  await page.setViewportSize(size);
}

test('the QA manager adds localities and an IRO, corrects a mistake, changes the FTE and records a leaving date', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signInPage(page, 'qa-manager');
    await go(page, page.getByRole('link', { name: 'IROs', exact: true }));
    assert.equal(await h1(page), 'IROs');
    await check(b, 'the list of IROs');

    await go(page, page.getByRole('link', { name: 'Localities' }));
    assert.equal(await h1(page), 'Localities');
    await check(b, 'the localities');
    for (const name of ['Riverside East', 'Hilltop West']) {
      await page.getByLabel('Name of the locality').fill(name);
      await go(page, page.getByRole('button', { name: 'Add locality' }));
      assert.equal(await banner(page), 'The locality has been added.');
      assert.ok(await page.getByRole('cell', { name, exact: true }).count(), `${name} listed`);
    }
    // The same name again, in other capitals: refused, with the field named.
    await page.getByLabel('Name of the locality').fill('riverside east');
    await go(page, page.getByRole('button', { name: 'Add locality' }));
    assert.deepEqual(await errorLinks(page), [['There is already a locality called Riverside East', '#name']]);
    await check(b, 'the localities with an error');

    await page.goto('/iros/new');
    assert.equal(await h1(page), 'Add an IRO');
    await check(b, 'the new IRO form');
    await page.getByLabel('Full name').fill("Róisín O'Neill-Test");
    await page.getByLabel('Email address (optional)').fill('roisin@example.org');
    await page.getByLabel('Full-time equivalent (FTE)').fill('2');
    await page.getByLabel('Riverside East').check();
    await page.getByLabel('Hilltop West').check();
    await go(page, page.getByRole('button', { name: 'Add IRO' }));
    assert.deepEqual(await errorLinks(page), [[
      'The FTE must be a number more than 0 and at most 1.5, like 0.8 for four days a week', '#fte']]);
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.getByLabel('Hilltop West').isChecked(), 'what was ticked is kept');
    await check(b, 'the new IRO form with an error');
    // The summary's link lands on the field.
    await page.locator('.govuk-error-summary a[href="#fte"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'fte');

    await page.getByLabel('Full-time equivalent (FTE)').fill('1');
    await go(page, page.getByRole('button', { name: 'Add IRO' }));
    assert.match(await banner(page), /The IRO has been added/);
    const row = page.getByRole('row').filter({ hasText: "Róisín O'Neill-Test" });
    assert.match(await row.innerText(), /Hilltop West, Riverside East\s+60 children \(1 FTE\)\s+Active/);

    await go(page, page.getByRole('link', { name: "Róisín O'Neill-Test" }));
    assert.equal(await h1(page), "Róisín O'Neill-Test");
    await check(b, "an IRO's details");
    await page.getByLabel('Full-time equivalent (FTE)').fill('0.8');
    await go(page, page.getByRole('button', { name: 'Save changes' }));
    assert.equal(await banner(page), "The IRO's details have been saved.");
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Capacity\s+48 children/);

    const group = page.getByRole('group', { name: 'Date they leave (optional)' });
    await group.getByLabel('Day').fill('3');
    await group.getByLabel('Month').fill('12');
    await group.getByLabel('Year').fill('2026');
    await go(page, page.getByRole('button', { name: 'Save changes' }));
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Status\s+Left on 3 December 2026/);
    await check(b, 'an IRO who has left');
    await page.goto('/iros');
    assert.match(await page.getByRole('row').filter({ hasText: "Róisín O'Neill-Test" }).innerText(),
      /48 children \(0\.8 FTE\)\s+Left on 3 December 2026/);

    // Each change is in the database, audited field by field.
    assert.equal(s.sql("SELECT fte || ' ' || left_date FROM iro WHERE name = 'Róisín O''Neill-Test'"), '0.8 2026-12-03');
    assert.equal(s.sql("SELECT group_concat(after_value, ' | ') FROM audit_log WHERE action = 'iro.change'"),
      'fte: 1 -> 0.8 | left date: (none) -> 3 December 2026');
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

test('the administrator renames a locality, reaches an IRO from their dashboard, and reads the changes in the audit log', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signInPage(page, 'admin');
    await page.goto('/localities');
    await page.getByText('Rename Hilltop West').click();
    await page.getByLabel('New name for Hilltop West').fill('Riverside East');
    await go(page, page.getByLabel('New name for Hilltop West').locator('xpath=ancestor::form')
      .getByRole('button', { name: 'Save name' }));
    const links = await errorLinks(page);
    assert.equal(links.length, 1);
    assert.equal(links[0][0], 'There is already a locality called Riverside East');
    assert.ok(await page.locator(links[0][1]).isVisible(), 'the rename with the error is open, its field shown');
    await check(b, 'a rename refused');
    await page.locator(links[0][1]).fill('Hilltop North');
    await go(page, page.locator(links[0][1]).locator('xpath=ancestor::form').getByRole('button', { name: 'Save name' }));
    assert.equal(await banner(page), 'The locality has been renamed.');
    assert.ok(await page.getByRole('cell', { name: 'Hilltop North', exact: true }).count());

    const id = s.sql("SELECT id FROM iro WHERE name = 'Róisín O''Neill-Test'");
    await page.goto(`/iros/${id}`);
    await go(page, page.getByRole('link', { name: /Change details/ }));
    assert.equal(new URL(page.url()).pathname, `/iros/${id}/edit`);
    assert.match(await page.locator('main').innerText(), /Hilltop North/);

    await page.goto(`/audit?record=iro:${id}`);
    const log = await page.locator('main table').innerText();
    assert.match(log, /Added an IRO/);
    assert.match(log, /fte: 1 -> 0\.8/);
    await page.goto('/audit?record=locality:' + s.sql("SELECT id FROM locality WHERE name = 'Hilltop North'"));
    assert.match(await page.locator('main table').innerText(), /name: Hilltop West -> Hilltop North/);
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

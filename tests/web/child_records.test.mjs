// A child's own record (issue 15), as business support keeps it in a
// browser: add a child (a form sent empty first: the error summary links to
// each field), see their page, correct the family name (the administrator's
// audit log shows before and after), link a sibling, record a care
// notification (a date in the future refused). Every page is checked with
// axe-core and for horizontal scrolling at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage } from './lib.mjs';

// Refs come from the council's case system: any printable character.
const REF = "K 9 O'B&x";

let s, browser;
before(async () => {
  s = await startServer({ children: 20 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

// No sideways scrolling on a 320 px wide screen (WCAG 1.4.10 reflow).
async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

const errorLinks = (page) => page.locator('.govuk-error-summary a').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));

test('business support adds a child, corrects the name, links a sibling and records a notification', async () => {
  const sess = await browserSession(browser, s.base);
  const { page, failures } = sess;
  const check = async (what) => { await sess.accessible(what); await fits320(page, failures, what); };
  const sibling = s.sql("SELECT child_ref || '|' || given_name || ' ' || family_name FROM child ORDER BY id LIMIT 1").split('|');
  try {
    await signInPage(page, 'business-support');
    await page.goto('/children');
    await go(page, page.getByRole('link', { name: 'Add a child' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Add a child');
    await check('the add-a-child form');

    // Sent empty: every mistake is listed, each linked to its field.
    await go(page, page.getByRole('button', { name: 'Add the child' }));
    const links = await errorLinks(page);
    assert.deepEqual(links.map((l) => l[1]), ['#child_ref', '#given_name', '#family_name', '#dob', '#sex', '#uasc']);
    assert.deepEqual(links[0], ['Enter the child\'s ID', '#child_ref']);
    for (const [, href] of links) assert.equal(await page.locator(href).count(), 1, `${href} is a field on the page`);
    assert.match(await page.title(), /^Error: /);
    await check('the form with errors');
    assert.equal(s.sql('SELECT count(*) FROM child WHERE child_ref = \'' + REF.replace(/'/g, "''") + '\''), '0');

    // A date of birth tomorrow is refused, naming the field.
    const tomorrow = new Date(Date.now() + 86400000);
    await page.getByLabel('Child ID').fill(REF);
    await page.getByLabel('First name').fill('Aoife');
    await page.getByLabel('Last name').fill("O'Brien");
    await page.getByLabel('Day').fill(String(tomorrow.getDate()));
    await page.getByLabel('Month').fill(String(tomorrow.getMonth() + 1));
    await page.getByLabel('Year').fill(String(tomorrow.getFullYear()));
    await page.getByLabel('Female').check();
    await page.getByLabel('Ethnicity').selectOption({ label: 'White Irish (WIRI)' });
    await page.locator('#uasc-2').check();              // No
    await page.getByLabel('SEN support').check();
    await go(page, page.getByRole('button', { name: 'Add the child' }));
    assert.deepEqual(await errorLinks(page), [['Date of birth must be today or in the past', '#dob']]);
    await page.getByLabel('Day').fill('1');
    await page.getByLabel('Month').fill('5');
    await page.getByLabel('Year').fill('2014');
    await go(page, page.getByRole('button', { name: 'Add the child' }));

    // The child's page, with the banner and the details in words.
    assert.equal(decodeURIComponent(new URL(page.url()).pathname), '/children/' + REF);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /The child has been added/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), "Aoife O'Brien");
    const details = await page.locator('dl').nth(1).innerText();
    assert.match(details, /White Irish/);
    assert.match(details, /SEN support/);
    await check("the child's page");

    // Correct the family name.
    await go(page, page.getByRole('link', { name: "Correct Aoife O'Brien's details" }));
    assert.equal(await page.getByLabel('Last name').inputValue(), "O'Brien");
    await check('the correction form');
    await page.getByLabel('Last name').fill("O'Brian");
    await go(page, page.getByRole('button', { name: 'Save the corrections' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /details have been corrected/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), "Aoife O'Brian");

    // Link a sibling by their child ID (a wrong ID first).
    await go(page, page.getByRole('link', { name: 'Change siblings' }));
    await check('the sibling group page');
    await page.getByLabel('Their child ID').fill('NO-SUCH');
    await go(page, page.getByRole('button', { name: 'Link siblings' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#sibling']);
    await check('the sibling page with an error');
    await page.getByLabel('Their child ID').fill(sibling[0]);
    await go(page, page.getByRole('button', { name: 'Link siblings' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /linked as siblings/);
    assert.equal(await page.getByRole('link', { name: sibling[1], exact: true }).count(), 1, 'the sibling is on the page');
    assert.equal(s.sql(`SELECT count(DISTINCT sibling_group_id) || ' ' || count(*) FROM child
      WHERE child_ref IN ('${REF.replace(/'/g, "''")}', '${sibling[0]}') AND sibling_group_id IS NOT NULL`), '1 2');

    // Record a care notification: tomorrow refused, then a real date.
    await go(page, page.getByRole('link', { name: 'Change care notifications' }));
    await check('the care notifications page');
    await page.getByLabel('Day').fill(String(tomorrow.getDate()));
    await page.getByLabel('Month').fill(String(tomorrow.getMonth() + 1));
    await page.getByLabel('Year').fill(String(tomorrow.getFullYear()));
    await go(page, page.getByRole('button', { name: 'Record the notification' }));
    assert.deepEqual((await errorLinks(page)).map((l) => l[1]), ['#notified_on']);
    await check('the notification form with an error');
    await page.getByLabel('Day').fill('2');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await go(page, page.getByRole('button', { name: 'Record the notification' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /care notification has been saved/);
    assert.match(await page.locator('dl').nth(1).innerText(), /The IRO service was told on 2 November 2026/);
    assert.equal(s.sql(`SELECT notified_on FROM care_notification n JOIN child c ON c.id = n.child_id
      WHERE c.child_ref = '${REF.replace(/'/g, "''")}'`), '2026-11-02');
  } finally {
    await sess.context.close();
  }
  assert.deepEqual(failures, []);
});

test('the administrator sees each correction in the audit log with before and after', async () => {
  const sess = await browserSession(browser, s.base);
  const { page, failures } = sess;
  try {
    await signInPage(page, 'admin');
    await page.goto('/audit?record=' + encodeURIComponent('child:' + REF));
    const rows = await page.locator('tbody tr').allInnerTexts();
    const fix = rows.filter((r) => r.includes("Corrected a child's details"));
    assert.equal(fix.length, 1, 'only the changed field is logged: ' + rows.join(' / '));
    assert.match(fix[0], /family_name: O'Brien/);
    assert.match(fix[0], /family_name: O'Brian/);
    assert.ok(rows.some((r) => r.includes('Linked siblings')), 'the sibling link is logged');
    assert.ok(rows.some((r) => r.includes('Recorded a care notification')), 'the notification is logged');
    await sess.accessible('the audit log');
  } finally {
    await sess.context.close();
  }
  assert.deepEqual(failures, []);
});

test('an IRO and a board member cannot add or change a child', async () => {
  for (const role of ['iro', 'board']) {
    const sess = await browserSession(browser, s.base);
    await signInPage(sess.page, role);
    const r = await sess.page.goto('/children/new');
    assert.equal(r.status(), 403, role);
    if (role === 'iro') {
      await sess.page.goto('/children');
      assert.equal(await sess.page.getByRole('link', { name: 'Add a child' }).count(), 0);
    }
    await sess.context.close();
  }
});

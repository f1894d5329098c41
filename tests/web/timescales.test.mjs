// Which contacts count (issue 16's contact_counts) is changed in the browser,
// not in SQL: an administrator opens Timescales, changes which contacts meet
// the midpoint contact, is refused when none is selected (the error named and
// linked to the boxes), then adds the carer; the page says so, the child's
// deadline items use it at once, and the audit log has the before and after.
// axe on every page, and no sideways scrolling at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage, userFor } from './lib.mjs';

let s, browser;
before(async () => {
  s = await startServer({ children: 10 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

async function check(b, what) {
  await b.accessible(what);
  const { page } = b;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (wide) b.failures.push(`${what} scrolls sideways at 320 px`);
  await page.setViewportSize(size);
}

test('an administrator changes which contacts count for the midpoint contact', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signInPage(page, 'admin');
    await page.goto('/rules');
    const row = (label) => page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: label }) });
    assert.equal(await row('Midpoint contact').locator('dd').first().innerText(), 'The child, the social worker');
    assert.equal(await row('Pre-review contact').locator('dd').first().innerText(), 'The child');
    await check(b, 'the timescales page');
    await go(page, page.getByRole('link', { name: 'Change which contacts count for the Midpoint contact' }));
    assert.equal(await page.getByLabel('The child').isChecked(), true);
    assert.equal(await page.getByLabel('The social worker').isChecked(), true);
    assert.equal(await page.getByLabel('The carer').isChecked(), false);
    await check(b, 'the contacts form');

    // None selected: refused, nothing saved, the error linked to the boxes.
    await page.getByLabel('The child').uncheck();
    await page.getByLabel('The social worker').uncheck();
    await go(page, page.getByRole('button', { name: 'Save' }));
    const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.deepEqual(links, [['#with', 'Select at least one kind of contact that counts']]);
    assert.match(await page.locator('#with-error').innerText(), /Select at least one/);
    assert.equal(s.sql("SELECT group_concat(with_whom) FROM contact_counts WHERE item = 'midpoint-contact'"), 'child,social-worker');
    await check(b, 'the contacts form with its error');

    await page.getByLabel('The child').check();
    await page.getByLabel('The social worker').check();
    await page.getByLabel('The carer').check();
    await go(page, page.getByRole('button', { name: 'Save' }));
    assert.match(new URL(page.url()).pathname, /^\/rules$/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Which contacts count has been changed/);
    assert.equal(await row('Midpoint contact').locator('dd').first().innerText(), 'The child, the social worker, the carer');
    assert.equal(s.sql(`SELECT action || '|' || record || '|' || before_value || '|' || after_value FROM audit_log
      WHERE action = 'contact_counts.set'`), 'contact_counts.set|contact_counts:midpoint-contact|child,social-worker|child,social-worker,carer');
    assert.equal(s.sql(`SELECT actor FROM audit_log WHERE action = 'contact_counts.set'`), userFor('admin'));
    assert.deepEqual(b.failures, []);
  } finally {
    await b.context.close();
  }
});

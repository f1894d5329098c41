// Users as a system of record (issue 15), in a browser: an administrator adds
// a QA manager with a temporary password; the QA manager signs in with it, is
// made to change it before anything else, then reaches their home page. An
// administrator resets a password and the old one stops working; a one-time
// link sets a password once and no more; a user changes their own password.
// axe-core runs on every page, and each is checked at 320 px for sideways
// scrolling.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, go, signInPage, userFor, PASSWORD } from './lib.mjs';

let s, browser;
before(async () => {
  s = await startServer({ children: 10 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

// Check the page as a person at 320 px would see it, then put the width back.
async function check(b, what) {
  await b.accessible(what);
  const { page } = b;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (wide) b.failures.push(`${what} scrolls sideways at 320 px`);
  await page.setViewportSize(size);
}

async function signInAs(page, username, password) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
}

async function signOut(page) {
  await go(page, page.getByRole('button', { name: 'Sign out' }));
}

test('an administrator adds a QA manager with a temporary password, which must be changed first', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  await signInPage(page, 'admin');
  await page.goto('/users');
  await check(b, 'the users list');
  await go(page, page.getByRole('button', { name: 'Add a user' }));
  await check(b, 'the add a user form');
  // Nothing filled in: every field named in the errors.
  await go(page, page.getByRole('button', { name: 'Add user' }));
  const summary = await page.locator('.govuk-error-summary').innerText();
  for (const want of ['Enter a username', "Enter the person's name", "Select the person's role",
    'Select how they will get their password']) assert.match(summary, new RegExp(want));
  await check(b, 'the add a user form with errors');
  await page.getByLabel('Username').fill('quinn.obrien');
  await page.getByLabel('Name', { exact: true }).fill("Quinn O'Brien");
  await page.getByLabel('Email address (optional)').fill('quinn@council.gov.uk');
  await page.getByLabel('QA manager').check();
  await page.getByLabel(/A temporary password/).check();
  await go(page, page.getByRole('button', { name: 'Add user' }));
  const temp = (await page.locator('#secret').innerText()).trim();
  assert.match(temp, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await check(b, 'the temporary password page');
  assert.equal(s.sql("SELECT must_change_password || ' ' || email FROM users WHERE username = 'quinn.obrien'"),
    '1 quinn@council.gov.uk');
  await signOut(page);

  await signInAs(page, 'quinn.obrien', temp);
  assert.equal(new URL(page.url()).pathname, '/account/password');
  await check(b, 'the change your temporary password page');
  // Every other page sends them back here.
  await page.goto('/service');
  assert.equal(new URL(page.url()).pathname, '/account/password');
  await page.getByLabel('Temporary password').fill(temp);
  await page.getByLabel('New password', { exact: true }).fill('quinns own new password');
  await page.getByLabel('Type the new password again').fill('quinns own new password');
  await go(page, page.getByRole('button', { name: 'Change password' }));
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.locator('h1').first().innerText(), /\S/);
  await page.goto('/service');
  assert.equal(new URL(page.url()).pathname, '/service');
  await signOut(page);
  await signInAs(page, 'quinn.obrien', temp);
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct username and password/);
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

test('a reset stops the old password at once; a one-time link works once', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  // The board member is signed in elsewhere when their password is reset.
  const other = await browserSession(browser, s.base);
  await signInPage(other.page, 'board');
  await signInPage(page, 'admin');
  await page.goto(`/users/${userFor('board')}`);
  await check(b, "a user's page");
  // Change the name and email.
  await page.getByLabel('Name', { exact: true }).fill('Blake Renamed');
  await page.getByLabel('Email address (optional)').fill('not an email');
  await go(page, page.getByRole('button', { name: 'Save name and email' }));
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Email must be an address/);
  await check(b, "a user's page with an error");
  await page.getByLabel('Email address (optional)').fill('blake@council.gov.uk');
  await go(page, page.getByRole('button', { name: 'Save name and email' }));
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /name and email have been saved/);
  // Last signed in, in words.
  assert.match(await page.locator('.govuk-summary-list').innerText(),
    /Last signed in\s+\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)/);

  await page.getByLabel(/A one-time link/).check();
  await go(page, page.getByRole('button', { name: 'Reset password' }));
  const link = (await page.locator('#secret').inputValue()).trim();
  assert.match(link, /\/password\/set\?token=[0-9a-f]{64}$/);
  await check(b, 'the one-time link page');
  // The old password no longer works, and the other session has ended.
  await other.page.goto('/reports/annual');
  assert.equal(new URL(other.page.url()).pathname, '/login');
  await signInAs(other.page, userFor('board'), PASSWORD);
  assert.match(await other.page.locator('.govuk-error-summary').innerText(), /Enter a correct username and password/);
  await other.context.close();

  // The link, opened without signing in.
  const anon = await browserSession(browser, s.base);
  await anon.page.goto(link);
  await check(anon, 'the set your password page');
  await anon.page.getByLabel('New password', { exact: true }).fill('blakes chosen password');
  await anon.page.getByLabel('Type the new password again').fill('blakes chosen password');
  await go(anon.page, anon.page.getByRole('button', { name: 'Set password' }));
  assert.equal(new URL(anon.page.url()).pathname, '/login');
  await check(anon, 'sign in after setting a password');
  await signInAs(anon.page, userFor('board'), 'blakes chosen password');
  assert.equal(new URL(anon.page.url()).pathname, '/');
  // Twice: gone.
  const again = await anon.page.goto(link);
  assert.equal(again.status(), 410);
  await check(anon, 'a used link');
  // The used link's 410 is logged by the browser; it is what is meant.
  assert.deepEqual([...b.failures, ...anon.failures].filter((f) => !/status of 410/.test(f)), []);
  await anon.context.close();
  await b.context.close();
});

test('anyone changes their own password', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  await signInPage(page, 'lado');
  await page.goto('/account/password');
  await check(b, 'change your password');
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password', { exact: true }).fill('a new lado password');
  await page.getByLabel('Type the new password again').fill('a new lado password');
  await go(page, page.getByRole('button', { name: 'Change password' }));
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Your current password is not right/);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Type the new password again').fill('short');
  await go(page, page.getByRole('button', { name: 'Change password' }));
  assert.match(await page.locator('.govuk-error-summary').innerText(), /at least 12 characters/);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('a new lado password');
  await page.getByLabel('Type the new password again').fill('a new lado password');
  await go(page, page.getByRole('button', { name: 'Change password' }));
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your password has been changed/);
  await signOut(page);
  await signInAs(page, userFor('lado'), 'a new lado password');
  assert.equal(new URL(page.url()).pathname, '/');
  // No password or hash in the log.
  assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE coalesce(after_value, '') LIKE '%a new lado password%'" +
    " OR coalesce(after_value, '') LIKE '%argon2%'"), '0');
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

// Issue 18: each person turns their own email digests off (and on again)
// from "Your emails", linked from the bar at the top of every page; an
// empty choice is an error, the change is audited, and the page says that
// emails about something to act on come whatever they choose.
test('anyone turns their own email digests off and on', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  await signInPage(page, 'iro');
  await go(page, page.locator('.app-user-bar').getByRole('link', { name: 'Your emails' }));
  assert.equal(new URL(page.url()).pathname, '/account/emails');
  await check(b, 'your emails');
  assert.match(await page.locator('main').innerText(), /sent whatever you choose/);
  assert.equal(await page.getByLabel('Yes').isChecked(), true, 'digests are on to begin with');
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const cookie = (await b.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const empty = await fetch(s.base + '/account/emails', {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf }),
  });
  assert.equal(empty.status, 200);
  assert.match(await empty.text(), /Select yes if you want email digests/);
  await page.getByLabel('No').check();
  await go(page, page.getByRole('button', { name: 'Save' }));
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Email digests are turned off/);
  await check(b, 'email digests turned off');
  assert.equal(await page.getByLabel('No').isChecked(), true);
  assert.equal(s.sql(`SELECT email_digests FROM users WHERE username = '${userFor('iro')}'`), '0');
  assert.equal(s.sql(`SELECT before_value || ' -> ' || after_value FROM audit_log WHERE action = 'user.digests'` +
    ` AND record = 'user:${userFor('iro')}'`), 'email digests on -> email digests off');
  await page.getByLabel('Yes').check();
  await go(page, page.getByRole('button', { name: 'Save' }));
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Email digests are turned on/);
  assert.equal(s.sql(`SELECT email_digests FROM users WHERE username = '${userFor('iro')}'`), '1');
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

// Issue 18: with mail.base_url set, a one-time link goes to its person by
// email as well (the link its only content), and the page says so; the
// administrator still sees it once.
test('a one-time link is emailed to someone with an address, and the page says so', async () => {
  s.sql("INSERT INTO setting(name, value) VALUES('mail.base_url', 'https://oversight.council.example')");
  s.sql(`UPDATE users SET email = 'pf.worker@council.gov.uk' WHERE username = '${userFor('pf-worker')}'`);
  const b = await browserSession(browser, s.base);
  const { page } = b;
  await signInPage(page, 'admin');
  await page.goto(`/users/${userFor('pf-worker')}`);
  await page.getByLabel(/A one-time link/).check();
  await go(page, page.getByRole('button', { name: 'Reset password' }));
  const token = (await page.locator('#secret').inputValue()).trim().match(/token=([0-9a-f]{64})$/)[1];
  assert.match(await page.locator('main').innerText(), /It has been emailed to .* at pf\.worker@council\.gov\.uk\./);
  await check(b, 'the one-time link page, emailed');
  assert.equal(s.sql("SELECT recipient || '|' || subject FROM outbox WHERE kind = 'account'"),
    'pf.worker@council.gov.uk|Oversight: set your password');
  const body = s.sql("SELECT body FROM outbox WHERE kind = 'account'");
  assert.match(body, new RegExp(`^https://oversight\\.council\\.example/password/set\\?token=${token}$`, 'm'));
  assert.doesNotMatch(body, new RegExp(userFor('pf-worker')));
  s.sql("DELETE FROM setting WHERE name = 'mail.base_url'");
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

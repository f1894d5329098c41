// A council's first day, from an empty database (issue 15), as
// docs/getting-started.md tells it: the first administrator is made on the
// command line; everything after that is done in the browser by the people
// whose work it is. Localities and IROs; users (one added on the page, one
// loaded from a file), each changing their temporary password; the
// generated 1,000-child SSDA903 return; children's names loaded over the
// return's "Child 100006"; a placement marked unregistered, which the QA
// manager then sees; the postcode table, giving distance and area on the
// child's page; an IRO allocated and a review recorded; a later extract
// previewed and loaded, keeping the allocation, the review and the
// registration; and the audit log showing each correction before and after.
// axe runs on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, browserSession, go, signInPage, csvRecords } from './lib.mjs';

const FIXTURES = new URL('../ssda903/fixtures/n1000/', import.meta.url).pathname;
const RESTORE = new URL('../ssda903/restore-injected', import.meta.url).pathname;
const LATER = new URL('../ssda903/make-later', import.meta.url).pathname;

let s, browser, work;
before(async () => {
  s = await startServer({ empty: true });
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'oversight-onboarding-'));
  for (const [cmd, args] of [['python3', [RESTORE, join(FIXTURES, 'in'), join(FIXTURES, 'injected.csv'), join(work, 'first')]],
    ['python3', [LATER, join(work, 'first'), join(work, 'later')]]]) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});
after(async () => {
  await browser?.close();
  await s?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const csvFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));
const h1 = (page) => page.getByRole('heading', { level: 1 }).first().innerText();

async function signInAs(page, username, password) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
}

// A new user's first sign-in: the temporary password opens only the page
// that changes it.
async function firstSignIn(b, username, temp, what) {
  const { page } = b;
  await signInAs(page, username, temp);
  assert.equal(new URL(page.url()).pathname, '/account/password', `${username} is asked to change the password`);
  await b.accessible(`${what}: change your temporary password`);
  await page.getByLabel('Temporary password').fill(temp);
  await page.getByLabel('New password', { exact: true }).fill(`${username} chose this password`);
  await page.getByLabel('Type the new password again').fill(`${username} chose this password`);
  await go(page, page.getByRole('button', { name: 'Change password' }));
  assert.equal(new URL(page.url()).pathname, '/');
  await b.accessible(`${what}: home`);
}

async function upload903(b, dir) {
  const { page } = b;
  await page.goto('/import');
  await go(page, page.getByRole('link', { name: 'SSDA903 return' }));
  await b.accessible('the SSDA903 upload page');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(dir));
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  assert.equal(await h1(page), 'Check the 2025/26 return');
  await b.accessible('the check page');
}

async function load903(b) {
  const { page } = b;
  const confirm = page.getByLabel(/I understand the \d+ rule failures? will be sent to the DfE/);
  if (await confirm.count()) await confirm.check();
  await go(page, page.getByRole('button', { name: 'Load these records' }));
  assert.equal(new URL(page.url()).pathname, '/import/903');
  await b.accessible('the loaded return');
  return page.locator('.govuk-notification-banner--success').innerText();
}

async function loadFile(b, kind, name, text, fields = async () => {}) {
  const { page } = b;
  await page.goto('/import');
  await b.accessible('the load data page');
  await go(page, page.locator(`a[href="/import/${kind}"]`));
  await b.accessible(`the ${kind} load page`);
  await page.getByLabel('The file', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await fields(page);
  await go(page, page.getByRole('button', { name: 'Load the file' }));
  await b.accessible(`the ${kind} load result`);
  return page.locator('main').innerText();
}

test('a council from an empty database to a working service, in the browser', async () => {
  const admin = await browserSession(browser, s.base);
  const sessions = [admin];
  try {
    // ---- The administrator: localities, IROs, users ------------------------
    let page = admin.page;
    await signInPage(page, 'admin');
    await page.goto('/localities');
    await admin.accessible('localities, none yet');
    for (const name of ['North', 'South']) {
      await page.getByLabel('Name of the locality').fill(name);
      await go(page, page.getByRole('button', { name: 'Add locality' }));
    }
    assert.equal(s.sql('SELECT group_concat(name) FROM (SELECT name FROM locality ORDER BY name)'), 'North,South');
    await admin.accessible('localities');
    for (const [name, fte, loc] of [['Sam Patel', '0.8', 'North'], ['Alex Jones', '1', 'South']]) {
      await page.goto('/iros/new');
      await admin.accessible('add an IRO');
      await page.getByLabel('Full name').fill(name);
      await page.getByLabel('Full-time equivalent (FTE)').fill(fte);
      await page.getByLabel(loc, { exact: true }).check();
      await go(page, page.getByRole('button', { name: 'Add IRO' }));
    }
    await page.goto('/iros');
    await admin.accessible('the IROs');
    const samRow = page.locator('tr', { hasText: 'Sam Patel' });
    assert.match(await samRow.innerText(), /\b48\b/, 'capacity 60 x 0.8 = 48');
    const samId = s.sql("SELECT id FROM iro WHERE name = 'Sam Patel'");

    // One user on the page: Sam, the IRO, with a temporary password.
    await page.goto('/users/new');
    await admin.accessible('add a user');
    await page.getByLabel('Username').fill('sam');
    await page.getByLabel('Name', { exact: true }).fill('Sam Patel');
    await page.locator('[name=role][value=iro]').check();
    await page.getByLabel('Their IRO record').selectOption({ label: 'Sam Patel' });
    await page.getByLabel(/A temporary password/).check();
    await go(page, page.getByRole('button', { name: 'Add user' }));
    const samTemp = (await page.locator('#secret').innerText()).trim();
    assert.match(samTemp, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await admin.accessible('the temporary password');

    // The others from a file: a bad line loads nothing and is named.
    let text = await loadFile(admin, 'users', 'staff.csv',
      'username,display_name,email,role,iro\r\nquinn,Quinn Obi,quinn@council.gov.uk,qa-manager,\r\nbea,Bea Cole,,boss,\r\n');
    assert.match(text, /staff\.csv line 3: role 'boss' is not a role/);
    assert.equal(s.sql("SELECT count(*) FROM users WHERE username IN ('quinn', 'bea')"), '0', 'all or nothing');
    text = await loadFile(admin, 'users', 'staff.csv',
      'username,display_name,email,role,iro\r\nquinn,Quinn Obi,quinn@council.gov.uk,qa-manager,\r\nbea,Bea Cole,,business-support,\r\n');
    assert.match(text, /2 added, 0 changed, 0 unchanged/);
    const secret = async (user) => (await page.locator('tr', { hasText: user }).locator('code').innerText()).trim();
    const quinnTemp = await secret('quinn');
    const beaTemp = await secret('bea');
    assert.match(beaTemp, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    assert.equal(s.sql("SELECT count(*) FROM users WHERE must_change_password = 1 AND username IN ('sam', 'quinn', 'bea')"), '3');

    // ---- Business support: the return, names, postcodes, a placement -----
    const bea = await browserSession(browser, s.base);
    sessions.push(bea);
    await firstSignIn(bea, 'bea', beaTemp, 'business support');
    page = bea.page;
    await upload903(bea, join(work, 'first'));
    assert.match(await load903(bea), /The 2025\/26 return has been loaded: 1000 children/);
    assert.equal(s.sql('SELECT count(*) FROM child'), '1000');
    await page.goto('/children/100006');
    assert.match(await h1(page), /Child 100006/);
    await bea.accessible("a child's page as the return left it");

    // Names: download what is held, fill in the names, load it back.
    await page.goto('/import/children');
    const held = await (await page.request.get('/import/children/download.csv')).text();
    const rows = csvRecords(held);
    assert.deepEqual(rows[0], ['child_ref', 'given_name', 'family_name', 'dob', 'sex', 'ethnicity', 'uasc', 'disability', 'sen', 'locality']);
    const other = rows.slice(1).find((r) => r[0] !== '100006')[0];
    const named = rows.map((r, i) => (i === 0 ? r : r[0] === '100006' ? ['100006', 'Aoife', "O'Neill", ...r.slice(3, 9), 'North']
      : r[0] === other ? [other, 'Bartek', 'Nowak', ...r.slice(3)] : r));
    text = await loadFile(bea, 'children', 'names.csv', named.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n');
    assert.match(text, /Loaded names\.csv: 0 children added, 2 corrected, 998 unchanged/);
    await page.goto('/children/100006');
    assert.match(await h1(page), /Aoife O'Neill/);

    // The postcode table (the fixture's own, ONS columns), with the council's code.
    const pc = await loadFile(bea, 'postcodes', 'postcodes.csv',
      readFileSync(join(FIXTURES, 'postcodes.csv'), 'utf8'),
      async (p) => p.getByLabel("The council's ONS code").fill('E09000027'));
    assert.match(pc, /postcodes loaded/);
    // A child looked after now, with both postcodes known, that the later
    // extract does not change.
    const ref = s.sql(`SELECT c.child_ref FROM child c JOIN episode e ON e.child_id = c.id
      WHERE e.end_date IS NULL AND e.distance_miles IS NOT NULL AND e.in_area IS NOT NULL
        AND c.child_ref NOT IN ('100006', '100009', '100014', '100038', '100118')
      ORDER BY c.child_ref LIMIT 1`);
    assert.ok(ref, 'a child with a distance');
    await page.goto(`/children/${ref}`);
    const current = page.locator('.govuk-summary-card', { hasText: '(current)' });
    assert.match(await current.innerText(), /[\d.]+ miles? from home, (inside|outside) the council's area/);
    await bea.accessible("a child's page with distances");

    // Mark the current placement unregistered: the QA manager's list shows it.
    await go(page, current.getByRole('link', { name: /Correct/ }));
    await bea.accessible('correct an episode');
    await page.getByLabel('Unregistered: a placement that should be registered and is not').check();
    await go(page, page.getByRole('button', { name: 'Save the correction' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /episode has been corrected/);
    await bea.accessible('the corrected episode');

    // ---- The QA manager: the unregistered list, an allocation ------------
    const quinn = await browserSession(browser, s.base);
    sessions.push(quinn);
    await firstSignIn(quinn, 'quinn', quinnTemp, 'QA manager');
    page = quinn.page;
    await page.goto('/unregistered');
    assert.equal(await page.locator('tr', { has: page.getByRole('link', { name: new RegExp(ref) }) }).count(), 1,
      'the child is on the unregistered provision list');
    await quinn.accessible('unregistered provision');
    await page.goto(`/children/${ref}/allocation`);
    await quinn.accessible('allocate an IRO');
    const iro = page.locator('[name=iro]');
    if (await iro.first().evaluate((e) => e.tagName) === 'SELECT') await iro.selectOption(samId);
    else await page.locator(`[name=iro][value="${samId}"]`).check();
    if (await page.locator('[name=reason]').count()) await page.locator('[name=reason]').fill('New to the service');
    await go(page, page.locator('main form button.govuk-button').last());
    assert.equal(s.sql(`SELECT count(*) FROM allocation a JOIN child c ON c.id = a.child_id
      WHERE c.child_ref = '${ref}' AND a.iro_id = ${samId} AND a.end_date IS NULL`), '1', await page.locator('main').innerText());

    // ---- The IRO: their child, a review ---------------------------------
    const sam = await browserSession(browser, s.base);
    sessions.push(sam);
    await firstSignIn(sam, 'sam', samTemp, 'IRO');
    page = sam.page;
    assert.ok(await page.getByRole('link', { name: new RegExp(ref) }).first().isVisible(), 'the child is on the IRO\'s home');
    await page.goto(`/children/${ref}/reviews/new`);
    await sam.accessible('record a review');
    const today = new Date();
    await page.locator('[name=held-day]').fill(String(today.getDate()));
    await page.locator('[name=held-month]').fill(String(today.getMonth() + 1));
    await page.locator('[name=held-year]').fill(String(today.getFullYear()));
    await page.locator('[name=mode][value=in-person]').check();
    await page.locator('[name=participation][value=PN1]').check();
    await page.locator('[name=saw_child][value=yes]').check();
    await go(page, page.getByRole('button', { name: 'Save review' }));
    await sam.accessible('the saved review');
    const reviews = s.sql(`SELECT count(*) FROM review r JOIN child c ON c.id = r.child_id WHERE c.child_ref = '${ref}'`);
    assert.equal(s.sql(`SELECT count(*) FROM review r JOIN child c ON c.id = r.child_id
      WHERE c.child_ref = '${ref}' AND r.held_on = date('now', 'localtime')`), '1', await page.locator('main').innerText());

    // ---- A month on: the later extract, previewed, then loaded ----------
    page = bea.page;
    await upload903(bea, join(work, 'later'));
    const preview = await page.locator('main').innerText();
    assert.match(preview, /What loading will change/);
    assert.equal(s.sql("SELECT dob FROM child WHERE child_ref = '100014'"), '2018-03-21', 'nothing loaded by the preview');
    assert.match(await load903(bea), /1003 children \(3 new\)/);
    assert.equal(s.sql("SELECT dob FROM child WHERE child_ref = '100014'"), '2018-03-16', 'the case system wins on its facts');
    assert.equal(s.sql(`SELECT count(*) FROM allocation a JOIN child c ON c.id = a.child_id
      WHERE c.child_ref = '${ref}' AND a.iro_id = ${samId} AND a.end_date IS NULL`), '1', 'the allocation is kept');
    assert.equal(s.sql(`SELECT count(*) FROM review r JOIN child c ON c.id = r.child_id WHERE c.child_ref = '${ref}'`),
      reviews, 'the review recorded here is kept');
    assert.equal(s.sql(`SELECT e.registration FROM episode e JOIN child c ON c.id = e.child_id
      WHERE c.child_ref = '${ref}' AND e.end_date IS NULL`), 'unregistered', 'the registration is kept');
    assert.equal(s.sql("SELECT given_name || ' ' || family_name FROM child WHERE child_ref = '100006'"), "Aoife O'Neill",
      'the names are kept');

    // ---- The audit log: every correction, before and after --------------
    page = admin.page;
    await page.goto(`/audit?record=${encodeURIComponent(`child:${ref}`)}`);
    const log = await page.locator('main').innerText();
    assert.match(log, /registration: registered/);
    assert.match(log, /registration: unregistered/);
    await admin.accessible('the audit log of a child');
    await page.goto('/audit?record=child:100006');
    const names = await page.locator('main').innerText();
    assert.match(names, /family_name: 100006/);
    assert.match(names, /family_name: O'Neill/);
    await page.goto('/audit?record=child:100014');
    assert.match(await page.locator('main').innerText(), /2018-03-21|21\/03\/2018/);
    await admin.accessible('the audit log of a case-system correction');
  } finally {
    for (const b of sessions) await b.context.close();
  }
  assert.deepEqual(sessions.flatMap((b) => b.failures), []);
});

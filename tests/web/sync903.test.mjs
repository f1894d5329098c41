// The monthly sync through the upload page (issue 15): a database that
// already holds the 1,000-child return, with an IRO allocated and a review
// recorded through the pages by business support, is sent a later extract
// (tests/ssda903/make-later). The check page says what loading will
// change, before the Load button: counts, each list in a details element,
// the conflicts, and a CSV of every change. Loading keeps the allocation
// and the review recorded here (matched, not duplicated), and loading the
// same extract again says there is nothing to change. axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PASSWORD, userFor, launchBrowser, browserSession, go, signInPage as signIn } from './lib.mjs';

const FIXTURES = new URL('../ssda903/fixtures/n1000/', import.meta.url).pathname;
const RESTORE = new URL('../ssda903/restore-injected', import.meta.url).pathname;
const LATER = new URL('../ssda903/make-later', import.meta.url).pathname;

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// The first extract is loaded on the command line without child 100006's
// review of 26/09/2025: business support records it through the page, and
// the later extract then has it too.
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-sync-'));
  const db = join(dir, 'test.db');
  const first = join(dir, 'first');
  const later = join(dir, 'later');
  run('python3', [RESTORE, join(FIXTURES, 'in'), join(FIXTURES, 'injected.csv'), first]);
  run('python3', [LATER, first, later]);
  const reviews = join(first, 'reviews.csv');
  const lines = readFileSync(reviews, 'utf8').split('\r\n');
  const without = lines.filter((l) => l !== '100006,05/02/2011,26/09/2025,PN1');
  assert.equal(without.length, lines.length - 1);
  writeFileSync(reviews, without.join('\r\n'));
  run(BIN, ['--db', db, 'migrate']);
  run(BIN, ['--db', db, 'import', '903', first, '--year', '2026']);
  run(BIN, ['--db', db, 'user', 'add', userFor('business-support'), '--role', 'business-support', '--name', 'Test support'],
    PASSWORD + '\n');
  run('sqlite3', [db, "INSERT INTO iro(id, name) VALUES (1, 'Test IRO')"]);
  const port = await new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port: p } = srv.address(); srv.close(() => ok(p)); });
    srv.on('error', fail);
  });
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '2'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: dir } });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/healthz')).ok) break; } catch { /* not up yet */ }
    if (i > 100) throw new Error('server did not start: ' + log);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, later,
    sql: (q) => run('sqlite3', [db, q]).trim(),
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await start();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const csvFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));
const submit = (page) => page.locator('main form button.govuk-button').last();

async function upload(page, dir) {
  await page.goto('/import/903');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(dir));
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Check the 2025/26 return');
}

async function loadIt(page) {
  const confirm = page.getByLabel(/I understand the \d+ rule failures? will be sent to the DfE/);
  if (await confirm.count()) await confirm.check();
  await go(page, page.getByRole('button', { name: 'Load these records' }));
  assert.equal(new URL(page.url()).pathname, '/import/903');
}

test('a later extract through the upload page: the changes first, and what was recorded here kept', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  await signIn(page, 'business-support');

  // Recorded through the pages first: an IRO allocated, a review.
  await page.goto('/children/100006/allocation');
  const iro = page.locator('[name=iro]');
  if (await iro.first().evaluate((e) => e.tagName) === 'SELECT') await iro.selectOption('1');
  else await page.locator('[name=iro][value="1"]').check();
  await page.locator('[name=start-day]').fill('1');
  await page.locator('[name=start-month]').fill('9');
  await page.locator('[name=start-year]').fill('2025');
  if (await page.locator('[name=reason]').count()) await page.locator('[name=reason]').fill('New to the service');
  await b.accessible('the allocation form');
  await go(page, submit(page));
  assert.equal(s.sql("SELECT count(*) FROM allocation WHERE iro_id = 1 AND end_date IS NULL"), '1', await page.locator('main').innerText());

  await page.goto('/children/100006/reviews/new');
  await page.locator('[name=held-day]').fill('26');
  await page.locator('[name=held-month]').fill('9');
  await page.locator('[name=held-year]').fill('2025');
  if (await page.locator('[name=iro]').count()) {
    const r = page.locator('[name=iro]');
    if (await r.first().evaluate((e) => e.tagName) === 'SELECT') await r.selectOption('1');
    else await page.locator('[name=iro][value="1"]').check();
  }
  await page.locator('[name=mode][value=in-person]').check();
  await page.locator('[name=participation][value=PN1]').check();
  await page.locator('[name=saw_child][value=yes]').check();
  await b.accessible('the review form');
  await go(page, page.getByRole('button', { name: 'Save review' }));
  assert.equal(s.sql("SELECT count(*) FROM review r JOIN child c ON c.id = r.child_id WHERE c.child_ref = '100006' "
    + "AND r.held_on = '2025-09-26' AND r.mode = 'in-person'"), '1', await page.locator('main').innerText());

  // The later extract: what loading will change, before the Load button.
  await upload(page, s.later);
  const main = page.locator('main');
  const text = await main.innerText();
  assert.match(text, /What loading will change/);
  const changes = page.getByRole('table', { name: 'Changes' });
  const count = async (label) => (await changes.getByRole('row', { name: new RegExp(`^${label}`) }).innerText())
    .split(/\s+/).pop();
  assert.equal(await count('New children'), '3');
  assert.equal(await count('Changed child details'), '1');
  assert.equal(await count('New episodes'), '3');
  assert.equal(await count('Changed episodes'), '1');
  assert.equal(await count('Ended episodes'), '1');
  assert.equal(await count('New reviews'), '1');
  assert.equal(await count('Changed reviews'), '0');   // recorded here with the code the case system has
  assert.equal(await count('Reviews already held'), '1863');
  assert.match(text, /1 episode held in Oversight in this year is not in the return\. It is kept, not deleted/);
  // Each list opens (a native details element).
  const dob = page.locator('details.govuk-details', { hasText: 'Changed child details (1)' });
  await dob.locator('summary').click();
  assert.match(await dob.locator('tbody').innerText(), /100014\s+child 100014\s+DOB 21\/03\/2018 -> 16\/03\/2018/);
  const moved = page.locator('details.govuk-details', { hasText: 'Changed episodes (1)' });
  await moved.locator('summary').click();
  assert.match(await moved.locator('tbody').innerText(), /100009\s+episode from 07\/08\/2025\s+DECOM 07\/08\/2025 -> 04\/08\/2025/);
  const missing = page.locator('details.govuk-details', { hasText: 'Episodes held but not in the return (kept) (1)' });
  await missing.locator('summary').click();
  assert.match(await missing.locator('tbody').innerText(), /100118\s+episode from 28\/03\/2026/);
  // The summary comes before the button that loads.
  const order = await page.evaluate(() => {
    const h = document.getElementById('changes');
    const btn = [...document.querySelectorAll('button')].find((x) => x.textContent.includes('Load these records'));
    return h.compareDocumentPosition(btn) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the changes are shown before the Load button');
  await b.accessible('the check page of a later extract');
  // Every change as CSV.
  const csv = await (await page.request.get(await page.getByRole('link', { name: 'Download the changes (CSV)' })
    .getAttribute('href'))).text();
  assert.match(csv, /^change,child,record,field,before,after\r\n/);
  assert.match(csv, /\r\nchild changed,100014,child 100014,DOB,21\/03\/2018,16\/03\/2018\r\n/);
  assert.match(csv, /\r\nepisode not in the return,100118,episode from 28\/03\/2026,,,\r\n/);
  assert.equal(s.sql("SELECT dob FROM child WHERE child_ref = '100014'"), '2018-03-21', 'nothing loaded yet');

  await loadIt(page);
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(),
    /The 2025\/26 return has been loaded: 1003 children \(3 new\)/);
  await b.accessible('the confirmation');
  assert.equal(s.sql("SELECT dob FROM child WHERE child_ref = '100014'"), '2018-03-16');
  // The allocation and the review recorded here are kept; the review is
  // matched, not duplicated.
  assert.equal(s.sql("SELECT count(*) FROM allocation a JOIN child c ON c.id = a.child_id WHERE c.child_ref = '100006' "
    + "AND a.iro_id = 1 AND a.end_date IS NULL"), '1');
  assert.equal(s.sql("SELECT count(*) || ' ' || max(mode) || ' ' || max(participation) FROM review r JOIN child c "
    + "ON c.id = r.child_id WHERE c.child_ref = '100006' AND r.held_on = '2025-09-26'"), '1 in-person PN1');
  assert.equal(s.sql("SELECT count(*) FROM episode e JOIN child c ON c.id = e.child_id WHERE c.child_ref = '100118' "
    + "AND e.start_date = '2026-03-28'"), '1', 'the episode missing from the extract is kept');
  assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE action = 'import.child' AND record = 'child:100014' "
    + "AND actor = 't-business-support'"), '1');

  // The same extract again: nothing to change.
  const nAudit = s.sql('SELECT count(*) FROM audit_log WHERE action LIKE \'import%\'');
  await upload(page, s.later);
  assert.match(await page.locator('main').innerText(), /No changes: Oversight already holds everything this return says/);
  await b.accessible('the check page with no changes');
  await loadIt(page);
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /no changes/);
  await b.accessible('the confirmation of no changes');
  assert.equal(s.sql('SELECT count(*) FROM audit_log WHERE action LIKE \'import%\''), nAudit);
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

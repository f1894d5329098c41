// The SSDA903 upload page in a real browser (issue 6): on a fresh, empty
// database, business support uploads the generated 1,000-child return
// (fixtures/n1000) as it is: the page lists every row the database cannot
// hold by file and line, offers no load, and loads nothing. With the
// generator's injected errors put back, the same files pass the format
// checks; any DfE rule failures must be acknowledged before loading; then
// the 1,000 children are there to be found. Another user cannot use the
// upload, and an IRO cannot open the page. Every page is checked with
// axe-core, and none may log a console error or break the CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, PASSWORD, userFor, launchBrowser, axe, browserSession, go, signInPage as signIn } from './lib.mjs';

const FIXTURES = new URL('../ssda903/fixtures/n1000/', import.meta.url).pathname;
const RESTORE = new URL('../ssda903/restore-injected', import.meta.url).pathname;

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

// A server on an empty database (no demo data) with three users.
async function startEmpty() {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-903-'));
  const db = join(dir, 'test.db');
  run(BIN, ['--db', db, 'migrate']);
  for (const role of ['business-support', 'admin']) {
    run(BIN, ['--db', db, 'user', 'add', userFor(role), '--role', role, '--name', `Test ${role}`], PASSWORD + '\n');
  }
  run('sqlite3', [db, "INSERT INTO iro(name) VALUES ('Test IRO')"]);
  run(BIN, ['--db', db, 'user', 'add', userFor('iro'), '--role', 'iro', '--name', 'Test iro', '--iro', '1'],
    PASSWORD + '\n');
  const port = await new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port: p } = srv.address(); srv.close(() => ok(p)); });
    srv.on('error', fail);
  });
  // Uploads wait in TMPDIR between the steps: one of this test's own.
  // With the council's postcode table, as a council runs it.
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '2',
    '--postcodes', FIXTURES + 'postcodes.csv', '--la', 'E09000027'],
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
    base, dir,
    sql: (q) => run('sqlite3', [db, q]).trim(),
    uploads: () => readdirSync(join(dir, `oversight-903-${process.getuid()}`)),
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
  s = await startEmpty();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const openBrowser = () => browserSession(browser, s.base);

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const csvFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));

test('business support loads the n1000 return through the upload page', async () => {
  const b = await openBrowser();
  const { page } = b;
  await signIn(page, 'business-support');
  await go(page, page.getByRole('link', { name: 'Load data' }));
  await b.accessible('the load data page');
  await go(page, page.getByRole('link', { name: 'SSDA903 return' }));
  assert.equal(await h1(page), 'Load an SSDA903 return');
  assert.equal(await page.getByLabel('Collection year').inputValue(), '2026');
  await b.accessible('the upload page');

  // No files: the form comes back saying so.
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose the return's files/);
  assert.match(await page.title(), /^Error: /);
  await b.accessible('the upload page with an error');

  // The return as generated: 43 rows the database cannot hold.
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(join(FIXTURES, 'in')));
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  assert.equal(await h1(page), 'Check the 2025/26 return');
  const body = await page.locator('main').innerText();
  assert.match(body, /43 problems in rows stop the return from being loaded/);
  assert.match(body, /episodes\.csv line 213: PLACE 'Z9' is not a placement code/);
  assert.match(body, /header\.csv line 236: SEX 'X' is not a sex code \(M, F or U\)/);
  assert.match(body, /Nothing has been loaded/);
  assert.equal(await page.getByRole('button', { name: 'Load these records' }).count(), 0);
  await b.accessible('the check page with problems');
  // Every problem downloads as CSV.
  const csv = await (await page.request.get(await page.getByRole('link', { name: /Download every problem/ }).first()
    .getAttribute('href'))).text();
  assert.match(csv, /^kind,rule,message,file,line,row,child\r?\n/);
  assert.match(csv, /format,,PLACE 'Z9' is not a placement code,episodes\.csv,213,,/);
  assert.equal(s.sql('SELECT count(*) FROM child'), '0');

  // Put the injected errors back: the files can now be loaded.
  const clean = join(s.dir, 'clean');
  run('python3', [RESTORE, join(FIXTURES, 'in'), join(FIXTURES, 'injected.csv'), clean]);
  await page.goto('/import/903');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(clean));
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  const token = new URL(page.url()).searchParams.get('upload');
  assert.match(token, /^[0-9a-f]{32}$/);
  assert.doesNotMatch(await page.locator('main').innerText(), /stop the return being loaded/);
  assert.match(await page.locator('main').innerText(), /Loading adds or updates 1000 children with 1536 episodes and 1863 reviews/);
  // With the postcode table every rule runs but those needing last year's
  // return and Ofsted's provider lists: without them, their rules are
  // listed as not checked, never passed.
  const notChecked = await page.locator('main').innerText();
  assert.match(notChecked, /Not checked \(41 rules\)/);
  assert.match(notChecked, /202, 203, .*NoE\. Not checked: needs last year's return\. Upload its files/);
  assert.match(notChecked, /219, 221, 224, 227, 228, 229, 1008\. They need Ofsted's lists/);
  await b.accessible('the check page of a loadable return');

  // Someone else cannot see or load this upload.
  const other = await openBrowser();
  await signIn(other.page, 'admin');
  await other.page.goto(`/import/903/check?upload=${token}`);
  assert.match(await other.page.locator('.govuk-error-summary').innerText(), /Upload the return's files again/);
  await other.context.close();

  // DfE rule failures (if any rule fails) must be acknowledged first.
  const confirm = page.getByLabel(/I understand the \d+ rule failures? will be sent to the DfE/);
  if (await confirm.count()) {
    const main = await page.locator('main').innerText();
    assert.match(main, /will be sent to the DfE as errors unless they are fixed/);
    // Grouped by rule: the rule, its message and count, then its children and rows.
    assert.match(main, /Rules that failed/);
    const rule = page.locator('details.govuk-details').first();
    assert.match(await rule.locator('summary').innerText(), /^Rule \w+: \d+ failures?$/);
    await rule.locator('summary').click();
    assert.match(await rule.locator('table').innerText(), /Child\s+File\s+Line\s+Row/);
    assert.match(await rule.locator('tbody tr').first().innerText(), /^\d+\s+\w+\.csv\s+\d+\s+\d+$/);
    await go(page, page.getByRole('button', { name: 'Load these records' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Tick to say you understand/);
    assert.equal(s.sql('SELECT count(*) FROM child'), '0');
    await b.accessible('the check page with the confirmation missing');
    await page.getByLabel(/I understand/).check();
  }
  await go(page, page.getByRole('button', { name: 'Load these records' }));
  assert.equal(new URL(page.url()).pathname, '/import/903');
  assert.match(await page.locator('.govuk-notification-banner--success').innerText(),
    /The 2025\/26 return has been loaded: 1000 children \(1000 new\), 1536 episodes \(1536 new\), 1863 reviews \(1863 new\)/);
  await b.accessible('the confirmation');
  assert.equal(s.sql('SELECT count(*) FROM child'), '1000');
  assert.equal(s.sql('SELECT count(*) FROM episode'), '1536');
  assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE action = 'import' AND actor = 't-business-support'"), '1');
  assert.deepEqual(s.uploads().filter((d) => d.startsWith(token)), [], 'the loaded upload is removed');

  // The children are there to be found.
  await go(page, page.getByRole('link', { name: 'Find a child' }).first());
  await page.goto('/children/100006');
  assert.match(await h1(page), /Child 100006/);
  await b.accessible('a loaded child');

  // Loading again (the upload is gone) is refused, not repeated.
  const again = await page.request.post('/import/903/load', {
    form: { csrf: await page.locator('input[name=csrf]').first().inputValue(), upload: token },
  });
  assert.match(await again.text(), /Upload the return&#39;s files again|Upload the return's files again/);
  assert.equal(s.sql("SELECT count(*) FROM audit_log WHERE action = 'import'"), '1');
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

// Runs after the n1000 return (2025/26) was loaded by the test above.
test('last year\'s return and the provider list: uploaded with the return, or the year Oversight holds', async () => {
  const b = await openBrowser();
  const { page } = b;
  await signIn(page, 'business-support');
  const TWO = new URL('../ssda903/fixtures/twoyear/', import.meta.url).pathname;
  const PROVIDERS = new URL('../ssda903/fixtures/be903/providers.csv', import.meta.url).pathname;
  await page.goto('/import/903');
  await b.accessible('the upload page with the optional files');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(join(TWO, 'in')));
  await page.getByLabel('Last year\'s return (optional)').setInputFiles(csvFiles(join(TWO, 'last')));
  await page.getByLabel('Ofsted\'s provider list (optional)').setInputFiles(PROVIDERS);
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  let main = await page.locator('main').innerText();
  assert.match(main, /Check the 2025\/26 return/);
  assert.match(main, /use the 2024\/25 files you uploaded with it/);
  assert.match(main, /last year's header\.csv\s+Last year's Header\s+\d+/);
  assert.match(main, /checked against the provider list you uploaded \(\d+ providers?\)/);
  assert.doesNotMatch(main, /needs last year's return/);
  assert.doesNotMatch(main, /They need Ofsted's lists/);
  await b.accessible('the check page with last year\'s files');

  // A provider list without its columns is refused, naming the file.
  const bad = join(s.dir, 'providers-bad.csv');
  writeFileSync(bad, 'URN,NAME\nSC1,Home\n');
  await page.goto('/import/903');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(join(TWO, 'in')));
  await page.getByLabel('Ofsted\'s provider list (optional)').setInputFiles(bad);
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  main = await page.locator('main').innerText();
  assert.match(main, /The files cannot be read/);
  assert.match(main, /providers-bad\.csv line 1: there is no PLACE_CODES column/);

  // The 2026/27 return with no last year's files: the 2025/26 return
  // Oversight holds (loaded above) is last year's.
  const clean = join(s.dir, 'clean');
  await page.goto('/import/903');
  await page.getByLabel('Collection year').fill('2027');
  await page.getByLabel('The return\'s files').setInputFiles(csvFiles(clean));
  await go(page, page.getByRole('button', { name: 'Check the files' }));
  main = await page.locator('main').innerText();
  assert.match(main, /Check the 2026\/27 return/);
  assert.match(main, /use the 2025\/26 return Oversight holds \(1000 children\)/);
  assert.doesNotMatch(main, /Not checked: needs last year's return/);
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

test('only the upload page takes a body over 1 MB, and only as multipart', async () => {
  const login = await fetch(s.base + '/login', {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ username: userFor('business-support'), password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const big = new FormData();
  big.append('year', '2026');
  big.append('files', new Blob(['x'.repeat(2 << 20)]), 'header.csv');
  const r1 = await fetch(s.base + '/alerts', { method: 'POST', body: big, headers: { cookie }, redirect: 'manual' });
  assert.equal(r1.status, 413, 'another page refuses a 2 MB upload');
  const r2 = await fetch(s.base + '/import/903', { method: 'POST', body: new URLSearchParams({ a: 'x'.repeat(2 << 20) }),
    headers: { cookie }, redirect: 'manual' });
  assert.equal(r2.status, 413, 'the upload page refuses a 2 MB urlencoded form');
  // 2 MB of files without the CSRF token in the address is refused on the
  // headers, before the body is read: a 403, or the connection is closed
  // while fetch is still sending (hardening.test.mjs has the details).
  const r3 = await fetch(s.base + '/import/903', { method: 'POST', body: big, headers: { cookie }, redirect: 'manual' })
    .then((r) => r.status, (e) => e.message);
  assert.ok([403, 'fetch failed'].includes(r3), String(r3));
});

test('an IRO cannot open the upload page', async () => {
  const b = await openBrowser();
  await signIn(b.page, 'iro');
  const r = await b.page.goto('/import/903');
  assert.equal(r.status(), 403);
  assert.equal(await b.page.getByRole('link', { name: 'Load data' }).count(), 0);
  await b.context.close();
});

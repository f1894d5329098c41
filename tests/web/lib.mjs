// Shared harness for the web tests: a fresh demo database with one user of
// each role (known passwords), an oversight server on a free loopback port,
// and helpers to sign in with fetch or a browser.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync,
  renameSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const BIN = resolve(process.env.OVERSIGHT_BIN || new URL('../../build-test/oversight', import.meta.url).pathname);
export const PASSWORD = 'correct horse battery staple';
export const ROLES = ['admin', 'qa-manager', 'iro', 'lado', 'pf-worker', 'residential-manager', 'business-support', 'board'];
export const AS_OF = '2026-11-23';

function run(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oversight ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

// The test user of a role: "t-iro", "t-qa-manager", ... (the demo's own
// users have other, random passwords).
export const userFor = (role) => `t-${role}`;

// Make a database as startServer's options ask, in the file db; returns the
// id of the IRO the test IRO user is linked to (undefined when empty).
function makeDatabase(db, { children, empty }) {
  if (empty) {
    run(['--db', db, 'migrate']);
    run(['--db', db, 'user', 'add', userFor('admin'), '--role', 'admin', '--name', 'Test admin'], PASSWORD + '\n');
    return undefined;
  }
  run(['--db', db, 'demo', '--children', String(children), '--seed', '3', '--as-of', AS_OF]);
  const iro = run(['--db', db, 'iros']).split('\n')[1].trim().split(/\s+/)[0];
  for (const role of ROLES) {
    const args = ['--db', db, 'user', 'add', userFor(role), '--role', role, '--name', `Test ${role}`];
    if (role === 'iro') args.push('--iro', iro);
    run(args, PASSWORD + '\n');
  }
  return iro;
}

// Building a demo under the sanitizers (and hashing eight argon2id
// passwords) takes seconds of CPU, and some 45 servers start in a test run
// from five kinds of database. So each kind is built once, into a cache next
// to the binary, and copied: every server still gets a fresh database of its
// own, byte for byte what the commands above make. The cache is keyed by the
// binary (path, size, modification time), the day (the demo stamps its
// audit trail and users with today's date) and the options; a lock file lets
// one of several tests running at once build while the others wait.
// OVERSIGHT_TEST_DB_CACHE=DIR puts the cache elsewhere; =off builds every
// database afresh, as before.
const CACHE = process.env.OVERSIGHT_TEST_DB_CACHE || join(dirname(BIN), 'web-db-cache');

// Whether the process that made the lock file (its pid is in it) has gone,
// leaving the lock behind; false while it runs.
function lockAbandoned(lock) {
  let pid;
  try { pid = Number(readFileSync(lock, 'utf8')); } catch { return false; }
  // (No pid a minute after the lock was made: its maker died in between.)
  if (!pid) { try { return Date.now() - statSync(lock).mtimeMs > 60000; } catch { return false; } }
  try { process.kill(pid, 0); return false; } catch (e) { return e.code === 'ESRCH'; }
}

function cacheKey(opts) {
  const st = statSync(BIN);
  const day = new Date().toISOString().slice(0, 10);
  const what = opts.empty ? 'empty' : `demo-${opts.children}-seed3-${AS_OF}`;
  return { stamp: `${st.size}-${Math.floor(st.mtimeMs)}-${day}`, what };
}

async function cachedDatabase(db, opts) {
  mkdirSync(CACHE, { recursive: true });
  const { stamp, what } = cacheKey(opts);
  const base = join(CACHE, `${stamp}-${what}`);
  const file = base + '.db', meta = base + '.json', lock = base + '.lock';
  for (;;) {
    if (existsSync(meta)) break; // written last: the database is complete
    let fd;
    try { fd = openSync(lock, 'wx'); } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // Another test is building it: wait, unless its builder died.
      if (lockAbandoned(lock)) { try { unlinkSync(lock); } catch { /* raced */ } continue; }
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    try {
      if (existsSync(meta)) continue; // finished while this one took the lock
      // Entries from other binaries or days are of no more use.
      for (const f of readdirSync(CACHE)) {
        if (!f.startsWith(stamp + '-') && !f.endsWith('.lock')) rmSync(join(CACHE, f), { force: true, recursive: true });
      }
      const tmp = mkdtempSync(join(CACHE, `${stamp}-building-`));
      try {
        const tdb = join(tmp, 'test.db');
        const iro = makeDatabase(tdb, opts);
        for (const ext of ['-wal', '-shm']) {
          if (existsSync(tdb + ext)) throw new Error(`oversight left ${tdb + ext} behind`);
        }
        renameSync(tdb, file);
        writeFileSync(meta + '.tmp', JSON.stringify({ iro }));
        renameSync(meta + '.tmp', meta);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    } finally {
      try { unlinkSync(lock); } catch { /* taken as abandoned */ }
    }
  }
  copyFileSync(file, db);
  return JSON.parse(readFileSync(meta, 'utf8')).iro;
}

// Start a server on a new demo database with a test user of each role; the
// IRO user is linked to the first IRO.
// extraSql runs against the database before the server starts, and then
// beforeServe(dbPath), if given; env is added to the server's environment.
// empty: a new database instead, with only the first administrator, made
// as docs/getting-started.md says (everything else is up to the test).
export async function startServer({ children = 40, empty = false, extraSql, serveArgs = [], beforeServe, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'oversight-web-'));
  const db = join(dir, 'test.db');
  const iro = process.env.OVERSIGHT_TEST_DB_CACHE === 'off'
    ? makeDatabase(db, { children, empty })
    : await cachedDatabase(db, { children, empty });
  if (extraSql) {
    const r = spawnSync('sqlite3', [db], { input: extraSql, encoding: 'utf8' });
    if (r.status !== 0) throw new Error('sqlite3: ' + r.stderr);
  }
  if (beforeServe) beforeServe(db);
  const port = await freePort();
  const proc = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '2', ...serveArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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
    base, db, dir, iroId: iro, pid: proc.pid,
    sql(query) {
      const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error('sqlite3: ' + r.stderr);
      return r.stdout.trim();
    },
    // Stop with SIGTERM, as an operator would; resolves with the exit status.
    async stop() {
      const exited = proc.exitCode !== null ? Promise.resolve(proc.exitCode)
        : new Promise((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
    log: () => log,
  };
}

// Sign in with fetch as the test user of a role; returns { cookie, csrf }.
export async function signIn(base, role, password = PASSWORD) {
  const username = userFor(role);
  const r = await fetch(base + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  if (r.status !== 303) throw new Error(`sign-in of ${username} gave ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const home = await (await fetch(base + '/', { headers: { cookie }, redirect: 'manual' })).text();
  const m = home.match(/name="csrf" value="([0-9a-f]{64})"/);
  return { cookie, csrf: m ? m[1] : null };
}

// A browser page, with chromium from Debian and no downloads.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Run axe-core on the page at WCAG 2.2 AA; returns the violations.
export async function axe(page) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { readFileSync } = await import('node:fs');
  const src = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// A fresh browser context on base that records console errors, uncaught
// errors and CSP violations, and runs axe on each page it is asked to check.
export async function browserSession(browser, base) {
  const context = await browser.newContext({ baseURL: base });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  const failures = [];
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error on ${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`uncaught error on ${page.url()}: ${e.message}`));
  return {
    context, page, failures,
    async accessible(what) {
      const violations = await axe(page);
      if (violations.length) failures.push(`axe violations on ${what} (${page.url()}): ${violations.join('; ')}`);
    },
  };
}

// Click and wait for the page the click leads to.
export async function go(page, locator) {
  await locator.click();
  await page.waitForLoadState('load');
}

// Sign in through the login form, as a person would.
export async function signInPage(page, role) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(userFor(role));
  await page.getByLabel('Password').fill(PASSWORD);
  await go(page, page.getByRole('button', { name: 'Sign in' }));
}

// RFC 4180 records (CRLF or LF line ends); a blank line is a record of one
// empty field.
export function csvRecords(text) {
  const out = [];
  let rec = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { rec.push(f); f = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { rec.push(f); out.push(rec); rec = []; f = ''; i++; }
    else if (c === '\n') { rec.push(f); out.push(rec); rec = []; f = ''; }
    else f += c;
  }
  if (f || rec.length) { rec.push(f); out.push(rec); }
  return out;
}

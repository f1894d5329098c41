// The server never exits on a request's error (issue 14, items 1 and 2).
// Probes reproduced here:
//  - another program (a command-line import) holds the database's write
//    lock for longer than a request may wait: the server used to print
//    "cannot begin a transaction ... database is locked" and exit;
//  - pages of the database file overwritten while the server runs: /lado
//    used to show "0 open cases; nothing is overdue";
//  - serve started on a damaged file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { BIN, startServer, signIn } from './lib.mjs';

// The IRO test user works the busiest caseload (the first IRO may have none).
const LINK_IRO = `UPDATE users SET iro_id = (SELECT iro_id FROM allocation WHERE end_date IS NULL
  GROUP BY iro_id ORDER BY count(*) DESC, iro_id LIMIT 1) WHERE username = 't-iro';`;
const OWN_CHILD = `SELECT c.child_ref FROM child c JOIN allocation a ON a.child_id = c.id
  WHERE a.end_date IS NULL AND a.iro_id = (SELECT iro_id FROM users WHERE username = 't-iro')
  ORDER BY c.child_ref LIMIT 1`;

async function get(base, path, cookie) {
  const r = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

async function post(base, path, cookie, form) {
  const r = await fetch(base + path, {
    method: 'POST', redirect: 'manual',
    headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

// Hold the write lock from another process (as `import 903` does for the
// length of its transaction) until the returned function is called.
async function holdWriteLock(db) {
  const py = spawn('python3', ['-c', `
import sqlite3, sys

c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
c.execute('BEGIN IMMEDIATE')
c.execute("UPDATE data_generation SET n = n WHERE id = 1")
print('locked', flush=True)
sys.stdin.readline()
c.execute('COMMIT')
`, db], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    py.stdout.once('data', ok);
    py.once('exit', (code) => fail(new Error(`lock holder exited ${code}`)));
  });
  return async () => {
    py.stdin.end('\n');
    await new Promise((r) => py.once('exit', r));
  };
}

function pagesOf(db, table) {
  const r = spawnSync('sqlite3', [db, `SELECT pageno FROM dbstat WHERE name='${table}' AND pagetype='leaf'`],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}

function pageSize(db) {
  return Number(spawnSync('sqlite3', [db, 'PRAGMA page_size'], { encoding: 'utf8' }).stdout.trim());
}

// Overwrite pages of the file with bytes that are no b-tree page.
function damage(db, pages) {
  const size = pageSize(db);
  const fd = openSync(db, 'r+');
  const junk = Buffer.alloc(size, 0x5a);
  for (const p of pages) writeSync(fd, junk, 0, size, (p - 1) * size);
  closeSync(fd);
}

test('a write lock held by another program gives a 503 to writers, reads go on, the server stays up', async () => {
  const s = await startServer({ extraSql: LINK_IRO });
  try {
    const iro = await signIn(s.base, 'iro');
    const qa = await signIn(s.base, 'qa-manager');
    // A child on the IRO user's own caseload: an IRO changes only those.
    const ref = s.sql(OWN_CHILD);
    assert.ok(ref, 'the IRO user has a child');
    const contacts = s.sql('SELECT count(*) FROM contact');
    const release = await holdWriteLock(s.db);
    let released = false;
    try {
      // A change: refused with the busy page, nothing written.
      const r = await post(s.base, `/children/${ref}/contacts`, iro.cookie, {
        csrf: iro.csrf, 'contact_on-day': '20', 'contact_on-month': '11', 'contact_on-year': '2026',
        kind: 'visit', with: 'child', note: 'seen at school',
      });
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '60');
      assert.match(r.text, /Oversight is busy saving other work/);
      assert.match(r.text, /Nothing you sent has been saved/);
      // Reads that write nothing still work while the lock is held (WAL).
      const service = await get(s.base, '/service', qa.cookie);
      assert.equal(service.status, 200);
      assert.match(service.text, /<h1/);
      // A view must be audited first; the audit cannot be written, so the
      // record is not shown (503), rather than shown unaudited.
      const child = await get(s.base, `/children/${ref}`, qa.cookie);
      assert.equal(child.status, 503);
      assert.doesNotMatch(child.text, /Date of birth/);
      assert.equal(child.headers.get('retry-after'), '60');
      assert.match(child.text, /busy saving other work/);
      await release();
      released = true;
    } finally {
      if (!released) await release();
    }
    // The log refuses the entry (a trigger standing for any failure but a
    // lock): the page is not shown, and pages around it still are.
    const views = () => Number(s.sql(`SELECT count(*) FROM audit_log WHERE action = 'child.view' AND record = 'child:${ref}'`));
    const viewsBefore = views();
    s.sql(`CREATE TRIGGER no_view BEFORE INSERT ON audit_log WHEN NEW.action = 'child.view'
      BEGIN SELECT RAISE(ABORT, 'no'); END`);
    try {
      const refused = await Promise.all([1, 2, 3].map(() => get(s.base, `/children/${ref}`, qa.cookie)));
      for (const r of refused) {
        assert.equal(r.status, 503);
        assert.match(r.text, /The audit log cannot be written, so the record is not shown/);
        assert.doesNotMatch(r.text, /Date of birth/);
      }
      assert.equal((await get(s.base, '/service', qa.cookie)).status, 200);
    } finally {
      s.sql('DROP TRIGGER no_view');
    }
    const shown = await get(s.base, `/children/${ref}`, qa.cookie);
    assert.equal(shown.status, 200);
    assert.equal(views(), viewsBefore + 1, 'only the view that was shown is in the log');
    assert.equal(s.sql('SELECT count(*) FROM contact'), contacts, 'the refused contact was not saved');
    // Still serving: the same change now goes through.
    assert.equal((await get(s.base, '/healthz')).status, 200);
    const again = await post(s.base, `/children/${ref}/contacts`, iro.cookie, {
      csrf: iro.csrf, 'contact_on-day': '20', 'contact_on-month': '11', 'contact_on-year': '2026',
      kind: 'visit', with: 'child', note: 'seen at school',
    });
    assert.equal(again.status, 303, again.text.slice(0, 400));
    assert.equal(Number(s.sql('SELECT count(*) FROM contact')), Number(contacts) + 1);
    assert.match(s.log(), /busy|locked/);
  } finally {
    await s.stop();
  }
});

test('pages of the file damaged while serving: an error page, never an empty list; the server stays up', async () => {
  const s = await startServer({ extraSql: LINK_IRO });
  try {
    const lado = await signIn(s.base, 'lado');
    const open = Number(s.sql("SELECT count(*) FROM lado_case WHERE closed_on IS NULL"));
    assert.ok(open > 0, 'the demo has open LADO cases');
    // Everything into the main file, then damage the cases' pages.
    s.sql('PRAGMA wal_checkpoint(TRUNCATE)');
    damage(s.db, pagesOf(s.db, 'lado_case'));
    const r = await get(s.base, '/lado', lado.cookie);
    assert.equal(r.status, 500);
    assert.match(r.text, /Oversight could not read its records/);
    assert.doesNotMatch(r.text, /0 open cases/);
    const csv = await get(s.base, '/lado/cases.csv', lado.cookie);
    assert.equal(csv.status, 500, 'a download is refused too, not sent short');
    assert.equal((await get(s.base, '/healthz')).status, 200);
    assert.equal((await get(s.base, '/login')).status, 200);
    assert.match(s.log(), /GET \/lado failed/);
  } finally {
    await s.stop();
  }
});

test('serve refuses a damaged database, and check names the damage', async () => {
  const s = await startServer({ extraSql: LINK_IRO });
  const db = s.db;
  try {
    s.sql('PRAGMA wal_checkpoint(TRUNCATE)');
    damage(db, pagesOf(db, 'episode').slice(0, 3));
    const check = spawnSync(BIN, ['--db', db, 'check'], { encoding: 'utf8' });
    assert.equal(check.status, 1, check.stdout + check.stderr);
    assert.match(check.stderr, /problem|damaged/);
    const serve = spawnSync(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:1'], { encoding: 'utf8', timeout: 60000 });
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /is damaged, so it will not be served/);
  } finally {
    await s.stop();
  }
});

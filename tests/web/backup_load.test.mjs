// `oversight backup` while 64 clients browse and write (issue 19): the copy
// opens, passes its checks (integrity, the audit chain) and holds every
// write whose answer reached its client before the backup began; no client
// sees an error while it runs, and the server goes on serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, signIn, BIN } from './lib.mjs';

let s;
// 64 clients from one address, as behind the council's proxy: the limit
// per address (64 by default) is raised so the clients' idle keep-alive
// connections do not count against them.
before(async () => { s = await startServer({ children: 40, serveArgs: ['--connections-per-address', '256'] }); });
after(async () => { await s?.stop(); });

const CLIENTS = 64;

test('a backup taken while 64 clients browse and write holds every write committed before it began', async () => {
  const refs = s.sql('SELECT child_ref FROM child ORDER BY id').split('\n');
  assert.ok(refs.length >= 10);
  // Sessions are shared by connections: one for the writers (business
  // support records contacts for any child), one for the readers.
  const writer = await signIn(s.base, 'business-support');
  const reader = await signIn(s.base, 'iro');

  const writes = [];      // { note, doneAt, ok }
  const failures = [];    // any answer that is not what it should be
  let stop = false;
  let seq = 0;

  async function writeLoop(client) {
    while (!stop) {
      const note = `load ${client}-${seq++}`;
      const ref = refs[seq % refs.length];
      const r = await fetch(`${s.base}/children/${ref}/contacts`, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: writer.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf: writer.csrf, 'contact_on-day': '2', 'contact_on-month': '11', 'contact_on-year': '2026',
          kind: 'visit', with: 'child', note,
        }),
      });
      await r.arrayBuffer();
      const doneAt = performance.now();
      if (r.status !== 303) failures.push(`POST contact for ${ref}: ${r.status}`);
      writes.push({ note, doneAt, ok: r.status === 303 });
    }
  }
  async function readLoop(client) {
    let i = client;
    while (!stop) {
      const ref = refs[i++ % refs.length];
      const r = await fetch(`${s.base}/children/${ref}`, { headers: { cookie: reader.cookie }, redirect: 'manual' });
      await r.arrayBuffer();
      if (r.status !== 200) failures.push(`GET /children/${ref}: ${r.status}`);
    }
  }
  const loops = [];
  // A refused or dropped connection is a failure to report, not the end.
  const guard = (p) => p.catch((e) => { failures.push(`${e.message}: ${e.cause?.code ?? e.cause ?? ''}`); });
  for (let c = 0; c < CLIENTS; c++) loops.push(guard(c % 2 ? readLoop(c) : writeLoop(c)));

  // Let the load build up (20 writes answered: a slow machine, or a build
  // with sanitizers, takes longer), then take the backup in the middle of it.
  for (let t = 0; t < 600 && writes.filter((w) => w.ok).length < 20 && !failures.length; t++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const copy = join(s.dir, 'during-load.backup');
  const began = performance.now();
  const backup = spawn(BIN, ['--db', s.db, 'backup', copy], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  backup.stdout.on('data', (d) => { out += d; });
  backup.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((r) => backup.once('exit', r));
  // And the load goes on a little after it.
  await new Promise((r) => setTimeout(r, 1000));
  stop = true;
  await Promise.all(loops);

  assert.equal(code, 0, `backup failed: ${out}`);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} requests failed during the backup`);
  const before = writes.filter((w) => w.ok && w.doneAt < began);
  const afterward = writes.filter((w) => w.ok && w.doneAt >= began);
  assert.ok(before.length >= 20, `only ${before.length} writes before the backup`);
  assert.ok(afterward.length >= 1, 'writes went on while and after the backup ran');

  // The copy opens and passes its own checks.
  const q = (db, sql) => {
    const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  assert.equal(q(copy, 'PRAGMA integrity_check'), 'ok');
  const verify = spawnSync(BIN, ['--db', copy, 'audit', 'verify'], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // Every write answered before the backup began is in it.
  const held = new Set(q(copy, "SELECT note FROM contact WHERE note LIKE 'load %'").split('\n'));
  const missing = before.filter((w) => !held.has(w.note)).map((w) => w.note);
  assert.deepEqual(missing, [], 'writes committed before the backup began are in the copy');
  // And the live database has every write that succeeded, before and after.
  const live = Number(s.sql("SELECT count(*) FROM contact WHERE note LIKE 'load %'"));
  assert.equal(live, before.length + afterward.length);
  // The server is still serving.
  assert.equal((await fetch(s.base + '/healthz')).status, 200);
});

// Issue 14 item 10: with the disk full, a correct password was told
// "Enter a correct username and password" (its session could not be
// saved). Here the server's database lives on a small tmpfs filled to the
// last byte, a real full disk: SQLite's writes fail with ENOSPC, which it
// reports as SQLITE_FULL. Mounting needs root (CAP_SYS_ADMIN); without it
// the test is skipped (tests/test_users.c covers the same path with
// PRAGMA max_page_count).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, PASSWORD, userFor } from './lib.mjs';

let s, dir, mounted = false, why = '';

before(async () => {
  s = await startServer({
    beforeServe(db) {
      dir = dirname(db);
      const bytes = readFileSync(db);
      const size = statSync(db).size + 512 * 1024;
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
      if (m.status !== 0) { why = `cannot mount a tmpfs: ${m.stderr || m.error}`; return; }
      mounted = true;
      writeFileSync(db, bytes);
    },
  });
  if (!mounted) return;
  // Let the workers open the database (the -shm file takes its room), then
  // fill what is left.
  for (let i = 0; i < 4; i++) await (await fetch(s.base + '/login')).text();
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 0x55);
  try { for (;;) writeSync(fd, chunk); } catch (e) { if (e.code !== 'ENOSPC') throw e; }
  try { for (;;) writeSync(fd, chunk, 0, 1); } catch (e) { if (e.code !== 'ENOSPC') throw e; }
  closeSync(fd);
});

after(async () => {
  // Lazily, so the server's open files do not hold the mount; then stop.
  if (mounted) spawnSync('umount', ['-l', dir]);
  await s?.stop();
});

async function login(username, password) {
  const r = await fetch(s.base + '/login', {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ username, password }),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test('with the disk full, a correct password is told the disk is full (503), not that it is wrong', async (t) => {
  if (!mounted) { t.skip(why); return; }
  const r = await login(userFor('qa-manager'), PASSWORD);
  assert.equal(r.status, 503);
  assert.match(r.text, /Oversight cannot save right now: the disk is full; tell your administrator/);
  assert.doesNotMatch(r.text, /Enter a correct username and password/);
  assert.equal(r.headers.get('retry-after'), '60');
  assert.equal(r.headers.get('set-cookie'), null, 'no session that was never saved');
  // Right, wrong or unknown: the same answer, so it tells a guesser nothing.
  for (const [u, p] of [[userFor('admin'), PASSWORD], [userFor('admin'), 'not the password'], ['no-such-person', 'whatever']]) {
    const x = await login(u, p);
    assert.equal(x.status, 503, u);
    assert.match(x.text, /the disk is full/, u);
  }
  // Logged for the administrator, and the server keeps serving.
  assert.match(s.log(), /a sign-in from 127\.0\.0\.1 could not be saved: database or disk is full/);
  assert.equal((await fetch(s.base + '/healthz')).status, 200);
  assert.equal((await fetch(s.base + '/login')).status, 200);
});

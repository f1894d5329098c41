import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from './lib.mjs';

test('server answers healthz, and an IRO can sign in and see their children', async () => {
  const s = await startServer();
  try {
    assert.equal(await (await fetch(s.base + '/healthz')).text(), 'ok\n');
    const { cookie } = await signIn(s.base, 'iro');
    const home = await (await fetch(s.base + '/', { headers: { cookie } })).text();
    assert.match(home, /<h1 class="govuk-heading-l">My children<\/h1>/);
  } finally {
    await s.stop();
  }
});

test('a change made outside the server (another process) shows on the next request', async () => {
  const s = await startServer();
  try {
    const { cookie } = await signIn(s.base, 'qa-manager');
    const ref = s.sql("SELECT c.child_ref FROM child c JOIN episode e ON e.child_id = c.id AND e.end_date IS NULL LIMIT 1");
    const get = async (path) => (await fetch(s.base + path, { headers: { cookie } })).text();
    const before = await get(`/children/${ref}`);
    assert.match(before, /<h1 class="govuk-heading-l">/);
    // Rename the child behind the server's back: the cached page must not survive it.
    s.sql(`UPDATE child SET given_name = 'Renamedchild' WHERE child_ref = '${ref}'`);
    assert.match(await get(`/children/${ref}`), /Renamedchild/);
    // A view is audited every time, cached or not.
    const views = () => Number(s.sql(`SELECT count(*) FROM audit_log WHERE action = 'child.view' AND record = 'child:${ref}'`));
    const n = views();
    await get(`/children/${ref}`);
    await get(`/children/${ref}`);
    assert.equal(views(), n + 2);
  } finally {
    await s.stop();
  }
});

test('sign-in through a trusted reverse proxy: the header is believed only from its address', async () => {
  // The server trusts 127.0.0.1 as the proxy: requests from it naming a user are signed in.
  const s = await startServer({ serveArgs: ['--trust-proxy', '127.0.0.1', '--proxy-header', 'X-Remote-User'] });
  try {
    const r = await fetch(s.base + '/', { headers: { 'X-Remote-User': 't-iro' }, redirect: 'manual' });
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<h1 class="govuk-heading-l">My children<\/h1>/);
    assert.match(r.headers.get('set-cookie'), /HttpOnly; SameSite=Lax/);
    // A disabled account, or a name that is no user, is not signed in.
    s.sql("UPDATE users SET disabled = 1 WHERE username = 't-board'");
    for (const name of ['t-board', 'nobody-at-all']) {
      const x = await fetch(s.base + '/', { headers: { 'X-Remote-User': name }, redirect: 'manual' });
      assert.equal(x.status, 302, name);
    }
  } finally {
    await s.stop();
  }
  // Without --trust-proxy the same header is ignored.
  const t = await startServer();
  try {
    const r = await fetch(t.base + '/', { headers: { 'X-Remote-User': 't-iro' }, redirect: 'manual' });
    assert.equal(r.status, 302);
  } finally {
    await t.stop();
  }
});

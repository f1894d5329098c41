// /admin/outbox: the emails queued, sent and failed, for an administrator
// only. Messages are put in the outbox as the sender leaves them (sent with
// the server's reply, failed with the last error), then the page is read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, ROLES } from './lib.mjs';

let srv;
before(async () => {
  srv = await startServer({
    children: 20,
    extraSql: `INSERT INTO outbox(kind, recipient, subject, body, idempotency_key, created_at, attempts, next_attempt_at, sent_at, server_reply, last_error, status) VALUES
      ('digest', 'sent.iro@council.example', 'Oversight: 2 overdue, 1 due today (24 November 2026)', 'BODY-NEVER-SHOWN', 'digest:iro:1:2026-11-24', '2026-11-24T07:00:00Z', 1, '2026-11-24T07:05:00Z', '2026-11-24T07:00:03Z', '250 2.0.0 Ok: queued as SINK0001', NULL, 'sent'),
      ('digest', 'failed.iro@council.example', 'Oversight: 5 overdue, 0 due today (24 November 2026)', 'BODY-NEVER-SHOWN', 'digest:iro:2:2026-11-24', '2026-11-24T07:00:00Z', 6, '2026-11-24T12:00:00Z', NULL, NULL, 'Could not connect to server', 'failed'),
      ('digest', 'queued.iro@council.example', 'Oversight: 1 overdue, 0 due today (<b>25</b> November 2026)', 'BODY-NEVER-SHOWN', 'digest:iro:3:2026-11-25', '2026-11-25T07:00:00Z', 0, '2026-11-25T07:00:00Z', NULL, NULL, NULL, 'queued');`,
  });
});
after(async () => { await srv.stop(); });

test('an administrator sees sent, failed and queued emails, subjects only, newest first', async () => {
  const { cookie } = await signIn(srv.base, 'admin');
  const r = await fetch(srv.base + '/admin/outbox', { headers: { cookie } });
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /sent\.iro@council\.example/);
  assert.match(html, /govuk-tag--green">Sent<\/strong> 24 November 2026/);
  assert.match(html, /250 2\.0\.0 Ok: queued as SINK0001/);
  assert.match(html, /failed\.iro@council\.example/);
  assert.match(html, /govuk-tag--red">Failed/);
  assert.match(html, /Could not connect to server/);
  assert.match(html, /Waiting<\/strong> next try/);
  // Escaped, and never a body.
  assert.match(html, /&lt;b&gt;25&lt;\/b&gt;/);
  assert.doesNotMatch(html, /BODY-NEVER-SHOWN/);
  assert.ok(html.indexOf('queued.iro') < html.indexOf('failed.iro'), 'newest first');
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'outbox.view'"), '1');
});

test('every other role is refused', async () => {
  for (const role of ROLES.filter((r) => r !== 'admin')) {
    const { cookie } = await signIn(srv.base, role);
    const r = await fetch(srv.base + '/admin/outbox', { headers: { cookie }, redirect: 'manual' });
    assert.equal(r.status, 403, role);
  }
  const r = await fetch(srv.base + '/admin/outbox', { redirect: 'manual' });
  assert.notEqual(r.status, 200);
});

// HTTP-level security tests: CSRF, security headers and cookies, hostile data
// escaped on every page, the audit log, sessions and lockout, open redirects,
// and malformed or oversized requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { startServer, signIn, PASSWORD, userFor } from './lib.mjs';

// ---- Helpers -------------------------------------------------------------------------

// Every HTML page fetched in this file, for the inline-script/style check.
const pages = [];

async function request(base, method, path, { cookie, form, body, headers = {} } = {}) {
  const h = { ...headers };
  if (cookie) h.cookie = cookie;
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/x-www-form-urlencoded';
  const r = await fetch(base + path, {
    method, redirect: 'manual', headers: h,
    body: body !== undefined ? body : method === 'POST' ? new URLSearchParams(form || {}) : undefined,
  });
  const text = await r.text();
  if ((r.headers.get('content-type') || '').startsWith('text/html') && text) pages.push({ path, text });
  return { status: r.status, headers: r.headers, text };
}

const get = (path, who) => request(s.base, 'GET', path, { cookie: who && sess[who].cookie });
const post = (path, who, form) => request(s.base, 'POST', path, { cookie: who && sess[who].cookie, form });

const html = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const q = (t) => t.replace(/'/g, "''");   // an SQL string literal's contents
const count = (sql) => Number(s.sql(sql));
const auditCount = () => count('SELECT count(*) FROM audit_log');
const lastAudit = () => {
  const [actor, action, record, after, client] =
    s.sql("SELECT actor, action, record, ifnull(after_value, ''), ifnull(client, '') FROM audit_log ORDER BY id DESC LIMIT 1").split('|');
  return { actor, action, record, after, client };
};

// A date n days before today, as the date-input fields of a form.
function daysAgo(n, prefix) {
  const d = new Date(Date.now() - n * 86400e3);
  return { [`${prefix}-day`]: String(d.getDate()), [`${prefix}-month`]: String(d.getMonth() + 1), [`${prefix}-year`]: String(d.getFullYear()) };
}

async function login(username, password, next) {
  const r = await fetch(s.base + '/login' + (next !== undefined ? `?next=${encodeURIComponent(next)}` : ''), {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ username, password }),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

// Sign in from another loopback address (127.0.0.2, ...): the server sees it
// as the client's address, as it would a person at another office.
function loginFrom(localAddress, username, password) {
  const u = new URL(s.base + '/login');
  const body = new URLSearchParams({ username, password }).toString();
  return new Promise((ok, fail) => {
    const r = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), text }));
    });
    r.on('error', fail);
    r.end(body);
  });
}

// A child in care, with reviews and an IRO now, who shows on the service
// dashboard (so every page that lists children shows them).
async function chooseChild(cookie, not = []) {
  const rows = s.sql(`SELECT c.child_ref, c.given_name, c.family_name, a.iro_id,
      (SELECT max(id) FROM review r WHERE r.child_id = c.id), ifnull(c.sibling_group_id, '')
    FROM child c JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL
    WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
      AND EXISTS (SELECT 1 FROM review r WHERE r.child_id = c.id)
    ORDER BY c.child_ref`).split('\n').map((l) => l.split('|')).filter((r) => !not.includes(r[0]));
  const service = await (await fetch(s.base + '/service', { headers: { cookie } })).text();
  const shown = new Set([...service.matchAll(/href="\/children\/([^"/?]+)"/g)].map((m) => m[1]));
  const row = rows.find((r) => shown.has(r[0])) || rows[0];
  return { ref: row[0], given: row[1], family: row[2], iro: row[3], review: row[4], group: row[5] };
}

// ---- The server ----------------------------------------------------------------------------

let s, sess, child;

before(async () => {
  s = await startServer();
  sess = {};
  for (const role of ['admin', 'qa-manager', 'iro', 'business-support', 'board']) sess[role] = await signIn(s.base, role);
  child = await chooseChild(sess.admin.cookie);
  // The IRO test user works this child's IRO's caseload: an IRO changes
  // only their own children's records (SPEC §11), and the tests below have
  // the IRO record contacts and reviews for this child.
  s.sql(`UPDATE users SET iro_id = ${child.iro} WHERE username = '${userFor('iro')}'`);
});

after(async () => { await s?.stop(); });

// ---- CSRF -------------------------------------------------------------------------------------

test('CSRF: recording a contact needs this session\'s own token in the form', async () => {
  const path = `/children/${child.ref}/contacts`;
  const form = { ...daysAgo(3, 'contact_on'), kind: 'visit', with: 'child', note: 'CSRF test contact' };
  const state = () => `${count('SELECT count(*) FROM contact')} ${auditCount()}`;
  const start = state();
  const bad = {
    'no token': { ...form },
    'a wrong token': { ...form, csrf: randomBytes(32).toString('hex') },
    "another user's token": { ...form, csrf: sess['business-support'].csrf },
    'an empty token': { ...form, csrf: '' },
    'the token in upper case': { ...form, csrf: sess.iro.csrf.toUpperCase() },
    'the token twice over': { ...form, csrf: sess.iro.csrf + sess.iro.csrf },
  };
  for (const [what, f] of Object.entries(bad)) {
    const r = await post(path, 'iro', f);
    assert.equal(r.status, 403, what);
    assert.equal(state(), start, `${what}: something was saved`);
  }
  // The right token in a body the server does not read as a form (as a
  // cross-site text/plain form would send it) does not count.
  const plain = await request(s.base, 'POST', path, { cookie: sess.iro.cookie, headers: { 'content-type': 'text/plain' },
    body: new URLSearchParams({ ...form, csrf: sess.iro.csrf }).toString() });
  assert.equal(plain.status, 403, 'text/plain body');
  assert.equal(state(), start);
  // The token in the address, not the form, does not count either.
  const inUrl = await request(s.base, 'POST', `${path}?csrf=${sess.iro.csrf}`, { cookie: sess.iro.cookie, form });
  assert.equal(inUrl.status, 403, 'token in the query string');
  assert.equal(state(), start);

  const ok = await post(path, 'iro', { ...form, csrf: sess.iro.csrf });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/children/${child.ref}?saved=contact`);
  assert.equal(count('SELECT count(*) FROM contact'), Number(start.split(' ')[0]) + 1);
  assert.equal(count(`SELECT count(*) FROM contact WHERE note = 'CSRF test contact' AND kind = 'visit'
    AND child_id = (SELECT id FROM child WHERE child_ref = '${child.ref}')`), 1);
  const a = lastAudit();
  assert.equal(a.action, 'contact.add');
  assert.equal(a.actor, userFor('iro'));
  assert.equal(a.client, '127.0.0.1');
});

test('CSRF: changing a timescale needs the administrator\'s own token', async () => {
  const path = '/rules/review_first';
  const form = { amount: '15', unit: 'working-days' };
  const state = () => `${s.sql("SELECT amount || ' ' || unit FROM rule WHERE name = 'review_first'")} ${auditCount()}`;
  const start = state();
  assert.match(start, /^20 working-days /);
  for (const [what, f] of Object.entries({
    'no token': form,
    'a wrong token': { ...form, csrf: randomBytes(32).toString('hex') },
    "another user's token": { ...form, csrf: sess.iro.csrf },
    "another administrator-capable session's token": { ...form, csrf: sess['qa-manager'].csrf },
  })) {
    const r = await post(path, 'admin', f);
    assert.equal(r.status, 403, what);
    assert.equal(state(), start, `${what}: the rule or the log changed`);
  }
  // The web page still shows the old timescale.
  assert.match((await get('/rules/review_first', 'admin')).text, /20 working days/);

  const ok = await post(path, 'admin', { ...form, csrf: sess.admin.csrf });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/rules?saved=rule');
  assert.equal(s.sql("SELECT amount || ' ' || unit FROM rule WHERE name = 'review_first'"), '15 working-days');
  const a = lastAudit();
  assert.equal(a.action, 'rule.set');
  assert.equal(a.actor, userFor('admin'));
  assert.equal(a.record.includes('review_first'), true, a.record);
  assert.equal(a.client, '127.0.0.1');
  assert.match((await get('/rules', 'admin')).text, /15 working days/);

  // Put it back (through the same door) so the other tests see the defaults.
  const back = await post(path, 'admin', { amount: '20', unit: 'working-days', csrf: sess.admin.csrf });
  assert.equal(back.status, 303);
  assert.equal(s.sql("SELECT amount FROM rule WHERE name = 'review_first'"), '20');
});

test('CSRF: signing in from another site is refused; signing out needs the token', async () => {
  const before = `${count('SELECT count(*) FROM session')} ${auditCount()}`;
  const r = await fetch(s.base + '/login', {
    method: 'POST', redirect: 'manual', headers: { origin: 'http://evil.example' },
    body: new URLSearchParams({ username: userFor('qa-manager'), password: PASSWORD }),
  });
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('set-cookie'), null);
  assert.equal(`${count('SELECT count(*) FROM session')} ${auditCount()}`, before);
  // The same from our own origin works.
  const own = await fetch(s.base + '/login', {
    method: 'POST', redirect: 'manual', headers: { origin: s.base },
    body: new URLSearchParams({ username: userFor('qa-manager'), password: PASSWORD }),
  });
  assert.equal(own.status, 303);

  const { cookie } = await signIn(s.base, 'business-support');
  const out = await request(s.base, 'POST', '/logout', { cookie, form: {} });
  assert.equal(out.status, 403, 'sign-out without the token');
  assert.equal((await request(s.base, 'GET', '/', { cookie })).status, 200, 'still signed in');
});

// ---- Headers and cookies -------------------------------------------------------------

test('pages carry the security headers, and pages with records are never cached', async () => {
  const list = [
    ['admin', '/'], ['admin', `/children/${child.ref}`], ['admin', '/children?q=a'], ['admin', '/service'],
    ['admin', `/iros/${child.iro}`], ['admin', '/rules'], ['admin', '/rules/review_first'], ['admin', '/users'],
    ['admin', '/users/new'], ['admin', `/users/${userFor('iro')}`], ['admin', '/audit'],
    ['iro', '/'], ['iro', `/children/${child.ref}/reviews/new`], ['iro', `/children/${child.ref}/reviews/${child.review}/edit`],
    ['iro', `/children/${child.ref}/contacts/new`], ['admin', `/children/${child.ref}/allocation`],
    ['board', '/'], ['board', `/children/${child.ref}`], [null, '/login'], ['admin', '/no-such-page'],
  ];
  for (const [who, path] of list) {
    const r = await get(path, who);
    assert.ok([200, 403, 404].includes(r.status), `${path}: ${r.status}`);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'self'/, `${path}: CSP`);
    assert.match(csp, /script-src 'self'/, `${path}: CSP script-src`);
    assert.match(csp, /frame-ancestors 'none'/, `${path}: CSP frame-ancestors`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${path}: CSP allows inline code`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.ok(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']
      .includes(r.headers.get('referrer-policy')), `${path}: Referrer-Policy ${r.headers.get('referrer-policy')}`);
    assert.match(r.headers.get('cache-control') || '', /no-store/, `${path}: Cache-Control`);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8$/i, path);
  }
  // Redirects to sign-in are not cached either, and carry the headers.
  const redirect = await get(`/children/${child.ref}`, null);
  assert.equal(redirect.status, 302);
  assert.match(redirect.headers.get('cache-control') || '', /no-store/);
  assert.equal(redirect.headers.get('x-frame-options'), 'DENY');
});

test('the session cookie is HttpOnly, SameSite=Lax, host-wide, random, and not Secure over plain http', async () => {
  const r = await login(userFor('qa-manager'), PASSWORD);
  assert.equal(r.status, 303);
  const c = r.headers.get('set-cookie');
  const [pair, ...attrs] = c.split(';').map((x) => x.trim());
  const [name, value] = pair.split('=');
  assert.equal(name, 'oversight_session');
  assert.match(value, /^[0-9a-f]{64}$/);
  const a = attrs.map((x) => x.toLowerCase());
  assert.ok(a.includes('httponly'), c);
  assert.ok(a.includes('samesite=lax'), c);
  assert.ok(a.includes('path=/'), c);
  assert.ok(!a.includes('secure'), `Secure over plain http would lose the session: ${c}`);
  assert.ok(!a.some((x) => x.startsWith('domain=')), c);
  // Only a hash of it is stored.
  assert.equal(count(`SELECT count(*) FROM session WHERE id_hash = '${value}' OR csrf = '${value}'`), 0);
  // A client that is not a trusted proxy cannot claim https for it.
  const viaFake = await fetch(s.base + '/login', {
    method: 'POST', redirect: 'manual', headers: { 'x-forwarded-proto': 'https' },
    body: new URLSearchParams({ username: userFor('qa-manager'), password: PASSWORD }),
  });
  assert.equal(viaFake.status, 303);
  assert.doesNotMatch(viaFake.headers.get('set-cookie'), /;\s*Secure/i);
  // Two sign-ins get two different sessions.
  const again = await login(userFor('qa-manager'), PASSWORD);
  assert.notEqual(again.headers.get('set-cookie').split(';')[0], pair);
});

// ---- Hostile data ----------------------------------------------------------------------------

test('a child named <script>alert(1)</script> O\'Brien-Ünal is shown escaped on every page', async () => {
  const given = '<script>alert(1)</script>';
  const family = "O'Brien-Ünal";
  s.sql(`UPDATE child SET given_name = '${q(given)}', family_name = '${q(family)}' WHERE child_ref = '${child.ref}'`);
  // The IRO test user becomes the IRO of this child, so it is on their home page.
  s.sql(`UPDATE users SET iro_id = ${child.iro} WHERE username = '${userFor('iro')}'`);
  const escaped = `${html(given)} ${html(family)}`;
  assert.equal(escaped, '&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien-Ünal');
  const shows = [
    ['admin', 'GET', `/children/${child.ref}`],
    ['admin', 'GET', `/iros/${child.iro}`],
    ['iro', 'GET', '/'],
    ['admin', 'GET', '/service'],
    ['qa-manager', 'GET', '/'],
    ['admin', 'GET', '/children?q=Brien'],
    ['iro', 'GET', '/children?q=Brien'],
    ['iro', 'GET', `/children/${child.ref}/reviews/new`],
    ['iro', 'GET', `/children/${child.ref}/reviews/${child.review}/edit`],
    ['iro', 'GET', `/children/${child.ref}/contacts/new`],
    ['admin', 'GET', `/children/${child.ref}/allocation`],
    // Forms coming back with errors show the name in their titles too.
    ['iro', 'POST', `/children/${child.ref}/reviews`],
    ['iro', 'POST', `/children/${child.ref}/reviews/${child.review}`],
    ['iro', 'POST', `/children/${child.ref}/contacts`],
    ['admin', 'POST', `/children/${child.ref}/allocation`],
  ];
  for (const [who, m, path] of shows) {
    const r = await request(s.base, m, path, { cookie: sess[who].cookie, form: { csrf: sess[who].csrf } });
    assert.equal(r.status, 200, `${m} ${path} as ${who}`);
    assert.ok(!r.text.includes(given), `${m} ${path} as ${who}: the raw <script> is in the page`);
    assert.ok(r.text.includes(escaped), `${m} ${path} as ${who}: the escaped name is not in the page`);
    assert.ok(!/<script>alert/i.test(r.text), `${m} ${path}: an executable script`);
  }
  // Titles are escaped too.
  const page = await get(`/children/${child.ref}`, 'admin');
  assert.match(page.text, new RegExp(`<title>${escaped.replace(/[()]/g, '\\$&')} - Oversight</title>`));
  // Pages that name the child only in passing: brothers and sisters' pages,
  // and the audit log of their record.
  const sibs = child.group ? s.sql(`SELECT child_ref FROM child WHERE sibling_group_id = ${child.group}
    AND child_ref <> '${child.ref}'`).split('\n').filter(Boolean) : [];
  for (const path of [...sibs.flatMap((r) => [`/children/${r}`, `/children/${r}/allocation`]),
    `/audit?record=${encodeURIComponent(`child:${child.ref}`)}`, '/audit']) {
    const r = await get(path, 'admin');
    assert.equal(r.status, 200, path);
    assert.ok(!r.text.includes(given), `${path}: the raw <script> is in the page`);
  }
  const audit = await get(`/audit?record=${encodeURIComponent(`child:${child.ref}`)}`, 'admin');
  assert.match(audit.text, new RegExp(`child:${child.ref}`));
  assert.match(audit.text.slice(audit.text.indexOf('<tbody')), /Looked at a child&#39;s record/);
});

test('what people type is echoed escaped: search, audit filters, sign-in name, next', async () => {
  const x = '<script>x</script>';
  const ex = '&lt;script&gt;x&lt;/script&gt;';
  const search = await get(`/children?q=${encodeURIComponent(x)}`, 'admin');
  assert.equal(search.status, 200);
  assert.ok(!search.text.includes(x));
  assert.ok(search.text.includes(`value="${ex}"`), 'the query is shown back, escaped');
  assert.match(search.text, /No child matches/);
  // LIKE wildcards typed in the box are meant literally.
  for (const w of ['%', '_', '%%', '\\']) {
    assert.match((await get(`/children?q=${encodeURIComponent(w)}`, 'admin')).text, /No child matches/, `q=${w}`);
  }

  const quote = '"><img src=x onerror=alert(1)>';
  // The audit filters: a person chosen from a list (an unknown one matches
  // no one and is not echoed), a record typed, a date in three boxes.
  const audit = await get(`/audit?user=${encodeURIComponent(x)}&record=${encodeURIComponent(quote)}`
    + `&from-day=${encodeURIComponent(x)}&from-month=1&from-year=2026`, 'admin');
  assert.equal(audit.status, 200);
  assert.ok(!audit.text.includes(x) && !audit.text.includes(quote));
  assert.ok(audit.text.includes('value="&lt;script&gt;'), 'the typed day is shown back, escaped');
  assert.ok(audit.text.includes(`value="${html(quote)}"`));
  assert.match(audit.text, /The from date must be a real date/);

  const signin = await login(quote, 'whatever');
  assert.equal(signin.status, 200);
  assert.ok(!signin.text.includes(quote));
  assert.ok(signin.text.includes(`value="${html(quote)}"`));

  const next = await request(s.base, 'GET', `/login?next=${encodeURIComponent('/' + quote)}`);
  assert.equal(next.status, 200);
  assert.ok(!next.text.includes(quote));
  assert.ok(!next.text.includes('<img'));

  const notFound = await get(`/${encodeURIComponent(x)}`, 'admin');
  assert.equal(notFound.status, 404);
  assert.ok(!notFound.text.includes(x));
});

// ---- Audit ------------------------------------------------------------------------------------

test('audit: each view of a child adds exactly one entry (who, what, which record, from where)', async () => {
  const ref = child.ref;
  for (let i = 1; i <= 2; i++) {
    const n = auditCount();
    const views = count(`SELECT count(*) FROM audit_log WHERE action = 'child.view' AND record = 'child:${ref}'`);
    const r = await get(`/children/${ref}`, 'iro');
    assert.equal(r.status, 200);
    assert.equal(auditCount(), n + 1, `view ${i}: exactly one new entry`);
    assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'child.view' AND record = 'child:${ref}'`), views + 1);
    const a = lastAudit();
    assert.deepEqual([a.actor, a.action, a.record, a.client], [userFor('iro'), 'child.view', `child:${ref}`, '127.0.0.1']);
    assert.match(s.sql('SELECT at FROM audit_log ORDER BY id DESC LIMIT 1'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  }
  // A refused view, or a page without a record, writes nothing.
  const n = auditCount();
  assert.equal((await get(`/children/${ref}`, 'board')).status, 403);
  assert.equal((await get(`/children/${ref}`, null)).status, 302);
  assert.equal((await get('/children/999999', 'iro')).status, 404);
  assert.equal(auditCount(), n);
  // Reading the log is itself logged.
  assert.equal((await get('/audit', 'admin')).status, 200);
  assert.equal(auditCount(), n + 1);
  assert.equal(lastAudit().action, 'audit.view');
});

test('audit: sign-ins, failed or not, are logged, and a password typed as a name is not', async () => {
  let n = auditCount();
  const wrong = await login(userFor('board'), 'not the password at all');
  assert.equal(wrong.status, 200);
  assert.match(wrong.text, /Enter a correct username and password/);
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.equal(auditCount(), n + 1);
  let a = lastAudit();
  assert.deepEqual([a.actor, a.action, a.record, a.client], ['anonymous', 'login.fail', `user:${userFor('board')}`, '127.0.0.1']);
  assert.match(a.after, /wrong password 1 of 5/);

  n = auditCount();
  const nobody = await login('no-such-person', 'whatever it is');
  assert.match(nobody.text, /Enter a correct username and password/, 'the same message for an unknown name');
  assert.equal(auditCount(), n + 1);
  a = lastAudit();
  assert.deepEqual([a.action, a.record, a.after], ['login.fail', 'user:no-such-person', 'no such user']);

  n = auditCount();
  await login(PASSWORD, PASSWORD);  // the password typed into the name box
  assert.equal(auditCount(), n + 1);
  assert.equal(lastAudit().record, 'user:(not a valid username)');
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE record || ifnull(after_value, '') || ifnull(before_value, '') LIKE '%${PASSWORD}%'`), 0);

  n = auditCount();
  const ok = await login(userFor('board'), PASSWORD);
  assert.equal(ok.status, 303);
  const rows = s.sql(`SELECT actor || ' ' || action || ' ' || client FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log) ORDER BY id`);
  assert.equal(auditCount(), n + 2);
  assert.equal(rows, `${userFor('board')} login.ok 127.0.0.1\n${userFor('board')} session.start 127.0.0.1`);
});

test('audit: the database refuses to change or delete log entries', () => {
  const n = auditCount();
  const first = s.sql('SELECT actor || action FROM audit_log ORDER BY id LIMIT 1');
  assert.throws(() => s.sql("UPDATE audit_log SET actor = 'someone-else'"), /append-only/);
  assert.throws(() => s.sql('UPDATE audit_log SET client = NULL WHERE id = (SELECT max(id) FROM audit_log)'), /append-only/);
  assert.throws(() => s.sql('DELETE FROM audit_log'), /append-only/);
  assert.throws(() => s.sql('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)'), /append-only/);
  assert.equal(auditCount(), n);
  assert.equal(s.sql('SELECT actor || action FROM audit_log ORDER BY id LIMIT 1'), first);
});

test('audit: changes to a child are logged against the child\'s record (child:<ref>), as views are', async () => {
  // The audit page tells people to filter by "child:100001"; a contact or an
  // IRO allocation logged under another key is missing from that view.
  const other = await chooseChild(sess.admin.cookie, [child.ref]);
  const c = await post(`/children/${other.ref}/contacts`, 'business-support',
    { ...daysAgo(2, 'contact_on'), kind: 'call', with: 'carer', csrf: sess['business-support'].csrf });
  assert.equal(c.status, 303);
  const contact = lastAudit();
  assert.equal(contact.action, 'contact.add');
  assert.equal(contact.client, '127.0.0.1');

  const newIro = s.sql(`SELECT id FROM iro WHERE active = 1 AND id <> ${other.iro} ORDER BY id LIMIT 1`);
  const al = await post(`/children/${other.ref}/allocation`, 'qa-manager',
    { iro: newIro, ...daysAgo(0, 'start'), reason: 'Audit test: IRO left the service', csrf: sess['qa-manager'].csrf });
  assert.equal(al.status, 303, al.text.match(/govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1]);
  const allocation = lastAudit();
  assert.equal(allocation.action, 'allocation.change');

  const shown = await get(`/audit?record=${encodeURIComponent(`child:${other.ref}`)}`, 'admin');
  assert.deepEqual({ 'contact.add': contact.record, 'allocation.change': allocation.record },
    { 'contact.add': `child:${other.ref}`, 'allocation.change': `child:${other.ref}` },
    'changes to the child are logged under the child\'s record, as child.view and review.add are');
  // In the table of entries, in words (the filter's list names every action).
  const rows = shown.text.slice(shown.text.indexOf('<tbody'));
  assert.match(rows, /Recorded a contact/);
  assert.match(rows, /Changed the IRO/);
});

// ---- Sessions ----------------------------------------------------------------------------------

test('sessions: five wrong passwords lock the account, and then the right one is refused', async () => {
  const user = userFor('lado');
  for (let i = 1; i <= 5; i++) {
    const r = await login(user, `wrong password number ${i}`);
    assert.equal(r.status, 200, `attempt ${i}`);
    assert.match(r.text, /Enter a correct username and password/, `attempt ${i}`);
    assert.doesNotMatch(r.text, /locked/, `attempt ${i} must not speak of a lock`);
  }
  const right = await login(user, PASSWORD);
  assert.equal(right.status, 200);
  assert.equal(right.headers.get('set-cookie'), null, 'no session for a locked account');
  assert.match(right.text, /This account is locked after too many failed attempts\. Try again in 15 minutes\./);
  assert.equal(lastAudit().action, 'login.locked');
  // A guesser still learns nothing: a wrong one during the lock says the usual.
  const wrong = await login(user, 'yet another wrong one');
  assert.match(wrong.text, /Enter a correct username and password/);
  assert.doesNotMatch(wrong.text, /locked/);
  assert.equal((await login(user, PASSWORD)).status, 200, 'still locked');
  // Another account is unaffected.
  assert.equal((await login(userFor('pf-worker'), PASSWORD)).status, 303);
});

// Issue 14 item 8: five anonymous wrong passwords locked the only
// administrator out for 15 minutes, wherever they were.
test('sign-in: a stranger\'s wrong passwords lock only the stranger\'s address; the real person signs in from theirs', async () => {
  const user = userFor('admin');
  for (let i = 1; i <= 5; i++) {
    const r = await loginFrom('127.0.0.3', user, `a stranger's guess ${i}`);
    assert.equal(r.status, 200, `attempt ${i}`);
    assert.match(r.text, /Enter a correct username and password/);
  }
  const stranger = await loginFrom('127.0.0.3', user, PASSWORD);
  assert.match(stranger.text, /This account is locked/, 'the stranger\'s address is locked');
  const real = await loginFrom('127.0.0.2', user, PASSWORD);
  assert.equal(real.status, 303, 'the administrator at another address signs in');
  assert.match(real.headers.get('set-cookie') || '', /^oversight_session=[0-9a-f]{64};/);
  // Every attempt is in the account's audit trail, with the address.
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE record = 'user:${user}' AND action = 'login.fail' AND client = '127.0.0.3'`), 5);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE record = 'user:${user}' AND action = 'login.ok' AND client = '127.0.0.2'`), 1);
  // An unknown name gets the same answers: nothing says whether it exists.
  for (let i = 1; i <= 6; i++) {
    const r = await loginFrom('127.0.0.3', 'no-such-admin', `guess ${i}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /Enter a correct username and password/);
  }
});

test('sign-in: an administrator unlocks a locked account on its user page, and it is audited', async () => {
  const user = userFor('board');
  for (let i = 1; i <= 5; i++) await loginFrom('127.0.0.4', user, `wrong guess ${i}`);
  assert.match((await loginFrom('127.0.0.4', user, PASSWORD)).text, /This account is locked/);
  const page = await get(`/users/${user}`, 'admin');
  assert.match(page.text, /Locked after too many failed sign-ins from 1 network\./);
  assert.match(page.text, new RegExp(`<form method="post" action="/users/${user}/unlock"`));
  assert.match(page.text, />Unlock<\/button>/);
  // Only an administrator may (the route x role matrix checks every role).
  assert.equal((await post(`/users/${user}/unlock`, 'qa-manager', { csrf: sess['qa-manager'].csrf })).status, 403);
  const r = await post(`/users/${user}/unlock`, 'admin', { csrf: sess.admin.csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/users/${user}?saved=unlocked`);
  const a = lastAudit();
  assert.deepEqual([a.actor, a.action, a.record, a.after, a.client], [userFor('admin'), 'user.unlock', `user:${user}`, 'unlocked', '127.0.0.1']);
  const banner = await get(`/users/${user}?saved=unlocked`, 'admin');
  assert.match(banner.text, /The account has been unlocked\. They can sign in again from anywhere\./);
  assert.doesNotMatch(banner.text, />Unlock<\/button>/);
  assert.equal((await loginFrom('127.0.0.4', user, PASSWORD)).status, 303, 'unlocked');
  // Unlocking an account that is not locked saves nothing and says so.
  const n = auditCount();
  const again = await post(`/users/${user}/unlock`, 'admin', { csrf: sess.admin.csrf });
  assert.equal(again.status, 200);
  assert.match(again.text, /This account is not locked/);
  assert.equal(auditCount(), n);
});

test('sign-in: an address that keeps failing is refused with 429 and Retry-After, and others are not', async () => {
  // Password spraying: a new name each time. The password is too long to be
  // anyone's, so the server refuses it without argon2id (the count is the same).
  let last;
  for (let i = 1; i <= 40 && !(last && last.status === 429); i++) last = await loginFrom('127.0.0.5', `spray-${i}`, 'x'.repeat(5000));
  assert.equal(last.status, 429, 'refused after 30 failures');
  assert.match(last.text, /Too many attempts from your network; try again in 1 minute/);
  assert.ok(Number(last.headers.get('retry-after')) > 0 && Number(last.headers.get('retry-after')) <= 60);
  assert.equal(last.headers.get('set-cookie'), null);
  const n = auditCount();
  const right = await loginFrom('127.0.0.5', userFor('iro'), PASSWORD);
  assert.equal(right.status, 429, 'even the right password waits');
  assert.equal(auditCount(), n, 'a refused attempt writes nothing');
  assert.equal((await loginFrom('127.0.0.6', userFor('iro'), PASSWORD)).status, 303, 'another address is not refused');
});

test('sessions: a session ends 12 hours after sign-in however active, and the sign-in page says why', async () => {
  const { cookie } = await signIn(s.base, 'pf-worker');
  assert.equal((await request(s.base, 'GET', '/', { cookie })).status, 200);
  const before = new Date(Date.now() - (12 * 3600 + 60) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  s.sql(`UPDATE session SET created_at = '${before}' WHERE rowid = (SELECT max(rowid) FROM session)`);
  const r = await request(s.base, 'GET', '/private-fostering', { cookie });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/login?next=%2Fprivate-fostering&ended=lifetime');
  assert.match(r.headers.get('set-cookie') || '', /^oversight_session=;.*Max-Age=0/i);
  const page = await request(s.base, 'GET', r.headers.get('location'));
  assert.match(page.text, /Your session ended after 12 hours\. Sign in again\./);
  const idle = await request(s.base, 'GET', '/login?ended=idle');
  assert.match(idle.text, /Your session ended after 30 minutes without use\. Sign in again\./);
});

test('sessions: a forged or malformed cookie is no session', async () => {
  for (const value of [randomBytes(32).toString('hex'), 'admin', 'x'.repeat(64), randomBytes(32).toString('hex').toUpperCase(),
    sess.admin.csrf, randomBytes(64).toString('hex'), '']) {
    const cookie = `oversight_session=${value}`;
    const r = await request(s.base, 'GET', '/children', { cookie });
    assert.equal(r.status, 302, `cookie ${value}`);
    assert.equal(r.headers.get('location'), '/login?next=%2Fchildren');
    const p = await request(s.base, 'POST', `/children/${child.ref}/contacts`, { cookie, form: { csrf: sess.admin.csrf } });
    assert.equal(p.status, 403, `POST with cookie ${value}`);
  }
  // Only the value, not the hash the table keys on, opens a session.
  const hash = s.sql('SELECT id_hash FROM session LIMIT 1');
  assert.equal((await request(s.base, 'GET', '/', { cookie: `oversight_session=${hash}` })).status, 302);
  // Without a configured proxy, a header naming a user signs nobody in.
  const claimed = await request(s.base, 'GET', '/', { headers: { 'x-remote-user': userFor('admin'), 'x-forwarded-user': userFor('admin') } });
  assert.equal(claimed.status, 302);
  assert.equal(claimed.headers.get('set-cookie'), null);
  // Our cookie is found among others.
  const mixed = `a=1; oversight_session_x=${'0'.repeat(64)}; ${sess.admin.cookie}; b=2`;
  assert.equal((await request(s.base, 'GET', '/audit', { cookie: mixed })).status, 200);
});

test('sessions: an idle session expires; a password reset or disabling the account ends sessions', async () => {
  const role = 'residential-manager';
  const user = userFor(role);
  const uid = s.sql(`SELECT id FROM users WHERE username = '${user}'`);
  const a = await signIn(s.base, role);
  assert.equal((await request(s.base, 'GET', '/', { cookie: a.cookie })).status, 200);
  s.sql(`UPDATE session SET last_seen_at = '2000-01-01T00:00:00Z' WHERE user_id = ${uid}`);
  assert.equal((await request(s.base, 'GET', '/', { cookie: a.cookie })).status, 302, 'idle for years');
  assert.equal(count(`SELECT count(*) FROM session WHERE user_id = ${uid}`), 0, 'the expired session is removed');

  const b = await signIn(s.base, role);
  const newPassword = 'a brand new passphrase for this test';
  // Nobody types a password for someone else (issue 15): a reset gives a
  // temporary one, shown once in the answer, never in an address.
  const reset = await post(`/users/${user}`, 'admin', { action: 'reset', how: 'temporary', csrf: sess.admin.csrf });
  assert.equal(reset.status, 200);
  const temp = reset.text.match(/id="secret">([a-z2-9-]{19})</)[1];
  assert.equal((await request(s.base, 'GET', '/', { cookie: b.cookie })).status, 302, 'session survives a password reset');
  assert.equal((await login(user, PASSWORD)).status, 200, 'the old password still works');
  const t = await login(user, temp);
  assert.equal(t.status, 303);
  assert.equal(t.headers.get('location'), '/account/password', 'a temporary password goes to be changed');
  const tcookie = t.headers.get('set-cookie').split(';')[0];
  assert.equal((await request(s.base, 'GET', '/homes', { cookie: tcookie })).headers.get('location'), '/account/password');
  const page = await request(s.base, 'GET', '/account/password', { cookie: tcookie });
  const tcsrf = page.text.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const changed = await request(s.base, 'POST', '/account/password', {
    cookie: tcookie, form: { csrf: tcsrf, current: temp, password: newPassword, password2: newPassword } });
  assert.equal(changed.status, 303);
  const c = await login(user, newPassword);
  assert.equal(c.status, 303);
  const cookie = c.headers.get('set-cookie').split(';')[0];

  const off = await post(`/users/${user}`, 'admin', { action: 'disable', csrf: sess.admin.csrf });
  assert.equal(off.status, 303);
  assert.equal((await request(s.base, 'GET', '/', { cookie })).status, 302, 'a disabled user stays signed in');
  const refused = await login(user, newPassword);
  assert.equal(refused.status, 200);
  assert.equal(refused.headers.get('set-cookie'), null);
  assert.match(refused.text, /This account has been disabled/);
});

test('sessions: signing out ends the session for good', async () => {
  const { cookie, csrf } = await signIn(s.base, 'business-support');
  assert.equal((await request(s.base, 'GET', '/', { cookie })).status, 200);
  const sessions = count('SELECT count(*) FROM session');
  const out = await request(s.base, 'POST', '/logout', { cookie, form: { csrf } });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/login');
  assert.match(out.headers.get('set-cookie') || '', /^oversight_session=;.*Max-Age=0/i);
  assert.equal(count('SELECT count(*) FROM session'), sessions - 1);
  assert.equal(lastAudit().action, 'session.end');
  const after = await request(s.base, 'GET', '/', { cookie });
  assert.equal(after.status, 302);
  assert.equal(after.headers.get('location'), '/login?next=%2F');
  assert.equal((await request(s.base, 'GET', `/children/${child.ref}`, { cookie })).status, 302);
  const p = await request(s.base, 'POST', `/children/${child.ref}/contacts`, { cookie, form: { csrf } });
  assert.equal(p.status, 403, 'the old token with the old cookie');
  // The other sessions of the same person's colleagues are untouched.
  assert.equal((await get('/', 'business-support')).status, 200);
});

test('sessions: another program\'s change is seen on the very next request, even of a cached page', async () => {
  // The server keeps a session and a page's head between requests while
  // nothing is committed (src/db.h, db_read_mark): sqlite3 here is another
  // program, as an import or an administrator's command would be.
  const { cookie } = await signIn(s.base, 'iro');
  const home = () => request(s.base, 'GET', '/', { cookie });
  // Several times, so each of the server's threads has the session, the
  // page and its head in hand.
  const each = async (check) => { for (let i = 0; i < 6; i++) check(await home()); };
  await each((r) => assert.equal(r.status, 200));
  const given = child.given;
  s.sql(`UPDATE child SET given_name = 'Renamedelsewhere' WHERE child_ref = '${q(child.ref)}'`);
  await each((r) => assert.match(r.text, /Renamedelsewhere/, 'the cached home shows the new name'));
  s.sql(`UPDATE child SET given_name = '${q(given)}' WHERE child_ref = '${q(child.ref)}'`);
  await each((r) => assert.doesNotMatch(r.text, /Renamedelsewhere/));
  s.sql(`UPDATE users SET display_name = 'Renamed Reviewing Officer' WHERE username = '${userFor('iro')}'`);
  await each((r) => assert.match(r.text, /Signed in as Renamed Reviewing Officer/, 'the head shows the new name'));
  const sessions = () => count(`SELECT count(*) FROM session s JOIN users u ON u.id = s.user_id
    WHERE u.username = '${userFor('iro')}'`);
  const before = sessions();
  s.sql(`UPDATE users SET display_name = 'Test iro', disabled = 1 WHERE username = '${userFor('iro')}'`);
  try {
    const r = await home();
    assert.equal(r.status, 302, 'a user disabled by another program is signed out at once');
    assert.match(r.headers.get('location'), /^\/login/);
    await each((x) => assert.equal(x.status, 302));
    assert.equal(sessions(), before - 1, 'and the session is ended');
  } finally {
    s.sql(`UPDATE users SET disabled = 0 WHERE username = '${userFor('iro')}'`);
    sess.iro = await signIn(s.base, 'iro');
  }
});

// ---- Open redirect -------------------------------------------------------------------------------

test('sign-in goes back only to a page on this site', async () => {
  const user = userFor('qa-manager');
  const cases = [
    ['//evil.example', '/'],
    ['/children', '/children'],
    [`/children/${child.ref}`, `/children/${child.ref}`],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['//evil.example/%2F..', '/'],
    ['/children\r\nSet-Cookie: x=1', '/'],
    ['', '/'],
  ];
  for (const [next, want] of cases) {
    const r = await login(user, PASSWORD, next);
    assert.equal(r.status, 303, JSON.stringify(next));
    assert.equal(r.headers.get('location'), want, `next=${JSON.stringify(next)}`);
  }
  // The whole round trip: a page asked for before sign-in is where one lands.
  const ask = await get(`/children/${child.ref}`, null);
  const next = new URL(ask.headers.get('location'), s.base).searchParams.get('next');
  assert.equal((await login(user, PASSWORD, next)).headers.get('location'), `/children/${child.ref}`);
});

test('sign-in does not redirect off-site, nor send a malformed Location, for control characters in next', async () => {
  // WHATWG URL parsing removes tab and newline anywhere in a URL, so a
  // Location of "/\t/evil.example" is followed to http://evil.example/.
  // Other control characters are not allowed in a header at all (RFC 9110
  // §5.5), so fetch would refuse the reply: read it off the socket.
  const { port } = new URL(s.base);
  const body = new URLSearchParams({ username: userFor('qa-manager'), password: PASSWORD }).toString();
  const problems = [];
  for (const next of ['/\t/evil.example', '/\t\\evil.example', '/\u000b/evil.example', '/\u0001/evil.example',
    '/\u007f/evil.example', '/\u001b[2J']) {
    const reply = await new Promise((ok, fail) => {
      const c = connect(Number(port), '127.0.0.1', () => c.end(
        `POST /login?next=${encodeURIComponent(next)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`));
      let d = '';
      c.on('data', (x) => { d += x.toString('latin1'); });
      c.on('end', () => ok(d));
      c.on('error', fail);
    });
    const head = reply.split('\r\n\r\n')[0].split('\r\n');
    const status = Number(head[0].split(' ')[1]);
    const loc = (head.find((l) => /^location:/i.test(l)) || '').replace(/^location:\s*/i, '');
    const what = `next=${JSON.stringify(next)} -> ${status} Location ${JSON.stringify(loc)}`;
    if (status !== 303) problems.push(what);
    else if (/[\u0000-\u001f\u007f]/.test(loc)) problems.push(`${what}: control character in Location (not a valid URI reference)`);
    if (loc && new URL(loc, s.base).origin !== s.base) problems.push(`${what}: a browser goes to ${new URL(loc, s.base).href}`);
  }
  assert.deepEqual(problems, []);
});

// ---- Malformed and oversized requests -----------------------------------------------------------

test('invalid UTF-8 in a path, query or form is 400, and the server keeps going', async () => {
  const bad = [
    ['GET', '/children/%C0%AF', undefined, 'admin'],
    ['GET', '/%C0%AF', undefined, null],
    ['GET', '/children?q=%C0%AF', undefined, 'admin'],
    ['GET', '/children?q=%ED%A0%80', undefined, 'admin'],   // a surrogate
    ['GET', '/audit?user=%FF', undefined, 'admin'],
    ['POST', '/login', 'username=%C0%AF&password=x', null],
    ['POST', '/login', '%FF=1&username=a&password=b', null],
    ['POST', '/login', 'username=a%00b&password=x', null],    // NUL
    ['POST', `/children/${child.ref}/contacts`, `csrf=${sess.iro.csrf}&kind=visit&with=child&note=%C0%AF`, 'iro'],
  ];
  const n = `${count('SELECT count(*) FROM contact')} ${auditCount()}`;
  for (const [m, path, body, who] of bad) {
    const r = await request(s.base, m, path, { cookie: who && sess[who].cookie, body });
    assert.equal(r.status, 400, `${m} ${path} ${body || ''}`);
    assert.equal((await request(s.base, 'GET', '/healthz')).text, 'ok\n');
  }
  assert.equal(`${count('SELECT count(*) FROM contact')} ${auditCount()}`, n, 'nothing saved or logged');
  // Well-formed UTF-8 is fine.
  assert.equal((await get(`/children?q=${encodeURIComponent('Ünal')}`, 'admin')).status, 200);
});

test('a 2 MB form is refused with 413, and the server keeps going', async () => {
  const big = 'username=' + 'a'.repeat(2 * 1024 * 1024) + '&password=x';
  const n = `${count('SELECT count(*) FROM contact')} ${auditCount()}`;
  const r = await request(s.base, 'POST', '/login', { body: big });
  assert.equal(r.status, 413);
  const r2 = await request(s.base, 'POST', `/children/${child.ref}/contacts`, {
    cookie: sess.iro.cookie, body: `csrf=${sess.iro.csrf}&note=${'b'.repeat(2 * 1024 * 1024)}`,
  });
  assert.equal(r2.status, 413);
  assert.equal(`${count('SELECT count(*) FROM contact')} ${auditCount()}`, n);
  assert.equal((await request(s.base, 'GET', '/healthz')).text, 'ok\n');
  // A few at once do not bring it down either.
  const many = await Promise.all([1, 2, 3].map(() => request(s.base, 'POST', '/login', { body: big })));
  assert.deepEqual(many.map((x) => x.status), [413, 413, 413]);
  assert.equal((await request(s.base, 'GET', '/healthz')).text, 'ok\n');
  assert.equal((await login(userFor('pf-worker'), PASSWORD)).status, 303, 'sign-in still works');
});

// ---- Every page fetched above -------------------------------------------------------------------

test('no page fetched in these tests has inline script, inline style or event-handler attributes', async () => {
  assert.ok(pages.length > 40, `only ${pages.length} pages were fetched`);
  const assets = new Set();
  for (const { path, text } of pages) {
    for (const m of text.matchAll(/<script\b[^>]*>/gi)) {
      assert.match(m[0], /\ssrc="\/assets\/[^"]+"/, `${path}: inline <script>: ${m[0]}`);
      assets.add(m[0].match(/src="([^"]+)"/)[1]);
    }
    assert.doesNotMatch(text, /<style[\s>]/i, `${path}: <style> element`);
    for (const tag of text.matchAll(/<[a-z][a-z0-9-]*(?:\s[^>]*)?>/gi)) {
      // Attribute names only: what is inside quoted values is text.
      const names = tag[0].replace(/"[^"]*"|'[^']*'/g, '""');
      assert.doesNotMatch(names, /\sstyle\s*=/i, `${path}: style= attribute: ${tag[0]}`);
      assert.doesNotMatch(names, /\son[a-z]+\s*=/i, `${path}: event-handler attribute: ${tag[0]}`);
      assert.doesNotMatch(tag[0], /(href|src|action)\s*=\s*"\s*javascript:/i, `${path}: javascript: URL`);
    }
    for (const m of text.matchAll(/<link\b[^>]*href="(\/assets\/[^"]+)"/gi)) assets.add(m[1]);
  }
  // Every asset the pages refer to is there, with a script or style type.
  for (const a of assets) {
    const r = await fetch(s.base + a);
    assert.equal(r.status, 200, a);
    const type = r.headers.get('content-type');
    if (a.endsWith('.js')) assert.match(type, /javascript/, a);
    if (a.endsWith('.css')) assert.match(type, /^text\/css/, a);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', a);
  }
});

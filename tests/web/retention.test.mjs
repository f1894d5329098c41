// Data protection in the browser (docs/data-protection.md): /admin/retention
// lists records past their retention rule, for an administrator only; each
// is checked on its own page and destroyed by a confirmed POST, leaving a
// destruction record; a record not yet due cannot be destroyed. The
// Designated Officer destroys LADO cases on their pages. Subject access
// copies: a child's for the administrator, an adult's (LADO) for the
// Designated Officer, a privately fostered child's or carer's for those who
// work on private fostering records, a member of staff's for the
// administrator; each audited, each refused to every other role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn, ROLES, launchBrowser, browserSession, signInPage, go } from './lib.mjs';

let srv, admin, lado, browser;
const OLD = 'R-OLD-1';     // born 1 March 1950: 75 on 1 March 2025, past retention
const YOUNG = 'R-YOUNG-1'; // born 2012: kept until 2087

before(async () => {
  srv = await startServer({
    children: 20,
    extraSql: `
      INSERT INTO child(child_ref, given_name, family_name, dob, sex) VALUES
        ('${OLD}', 'Oona', 'O''Neill <b>', '1950-03-01', 'F'),
        ('${YOUNG}', 'Yusuf', 'Young', '2012-05-06', 'M');
      INSERT INTO review(child_id, held_on) SELECT id, '1966-04-01' FROM child WHERE child_ref = '${OLD}';
      INSERT INTO contact(child_id, contact_on, kind, with_whom, note)
        SELECT id, '1966-03-01', 'visit', 'carer', 'Spoke with the carer' FROM child WHERE child_ref = '${OLD}';
      INSERT INTO care_notification(child_id, notified_on) SELECT id, '1960-01-05' FROM child WHERE child_ref = '${OLD}';
      -- A closed LADO case, its review date long past (unfounded: 12 months from closure).
      UPDATE lado_case SET outcome = 'unfounded', outcome_on = received_on, closed_on = received_on, closed_by = 'retention-test'
        WHERE id = (SELECT min(id) FROM lado_case WHERE decision IS NOT NULL AND received_on <= '2025-06-01');
      DELETE FROM lado_retention_review WHERE case_id IN (SELECT id FROM lado_case WHERE closed_by = 'retention-test');
      -- Two private fostering arrangements: Zoë's copy must hold hers only.
      INSERT INTO pf_arrangement(child_name, child_dob, child_disabled, carer_name, carer_relationship, notified_on,
        started_on, expected_days, source, overseas_student, managed_by, team, eligible, eligibility_note) VALUES
        ('Zoë Zephyr', '2012-01-02', 0, 'Carla Keeper <i>', 'family friend', '2026-01-05', '2026-01-01', 90, 'school',
         0, 'locality', 'North', 1, 'Eligible'),
        ('Other Pfchild', '2012-01-02', 0, 'Other Pfcarer', 'neighbour', '2026-01-05', '2026-01-01', 90, 'school',
         0, 'locality', 'North', 1, 'Eligible');
      INSERT INTO pf_visit(arrangement_id, visited_on, seen_alone, child_views)
        SELECT id, '2026-01-20', 1, 'Zoë likes the garden' FROM pf_arrangement WHERE child_name = 'Zoë Zephyr';
      INSERT INTO pf_visit(arrangement_id, visited_on, seen_alone, child_views)
        SELECT id, '2026-01-20', 1, 'Other views' FROM pf_arrangement WHERE child_name = 'Other Pfchild';`,
  });
  admin = await signIn(srv.base, 'admin');
  lado = await signIn(srv.base, 'lado');
});
after(async () => {
  if (browser) await browser.close();
  await srv.stop();
});

const get = (path, cookie) => fetch(srv.base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const post = (path, sess, form) => fetch(srv.base + path, {
  method: 'POST', redirect: 'manual', headers: { cookie: sess.cookie },
  body: new URLSearchParams({ csrf: sess.csrf, ...form }),
});
const childId = (ref) => srv.sql(`SELECT id FROM child WHERE child_ref = '${ref}'`);

test('/admin/retention: the administrator sees records past retention; every other role is refused', async () => {
  const r = await get('/admin/retention', admin.cookie);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /Oona O&#39;Neill &lt;b&gt;, born 1 March 1950/);
  assert.match(html, /1 March 2025/);
  assert.doesNotMatch(html, /Yusuf/, 'a record within retention is not listed');
  assert.match(html, /closed LADO case/);
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'retention.view'"), '1');
  for (const role of ROLES.filter((x) => x !== 'admin')) {
    const { cookie } = await signIn(srv.base, role);
    for (const path of ['/admin/retention', `/admin/retention/child/${childId(OLD)}`, '/admin/sar']) {
      assert.equal((await get(path, cookie)).status, 403, `${role} ${path}`);
    }
  }
  assert.equal((await get('/admin/retention')).status, 302, 'nobody signed in goes to sign in');
});

test('the pages pass axe, and destroying a record needs the box ticked', async () => {
  browser = await launchBrowser();
  const b = await browserSession(browser, srv.base);
  await signInPage(b.page, 'admin');
  await b.page.goto('/admin/retention');
  await b.accessible('the retention list');
  await go(b.page, b.page.getByRole('link', { name: /Review.*Oona/ }));
  await b.accessible('the confirmation page');
  assert.match(await b.page.textContent('main'), /Destruction date\s*1 March 2025/);
  await go(b.page, b.page.getByRole('button', { name: 'Destroy this record' }));
  assert.match(await b.page.textContent('.govuk-error-summary'), /Confirm that you have checked the record/);
  await b.accessible('the confirmation page with its error');
  assert.equal(srv.sql(`SELECT count(*) FROM child WHERE child_ref = '${OLD}'`), '1', 'nothing destroyed unticked');
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

test('a subject access copy of a child: an HTML download with their records and none of another child', async () => {
  const r = await get(`/admin/sar?ref=${encodeURIComponent(OLD)}`, admin.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="subject-access-R-OLD-1-\d{4}-\d\d-\d\d\.html"/);
  const html = await r.text();
  assert.match(html, /Subject access copy: Oona O&#39;Neill &lt;b&gt; \(child R-OLD-1\)/);
  assert.match(html, /1 April 1966/, 'the review');
  assert.match(html, /Spoke with the carer <span class="mark">\[review for redaction\]<\/span>/);
  assert.doesNotMatch(html, /Yusuf|R-YOUNG-1/);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'sar.child' AND record = 'child:${OLD}'`), '1');
  const none = await get('/admin/sar?ref=NOBODY', admin.cookie);
  assert.equal(none.status, 200);
  assert.match(await none.text(), /No child has that reference/);
  assert.equal((await get('/lado/sar?name=x', admin.cookie)).status, 403, 'an administrator never sees LADO');
});

test('a subject access copy for private fostering: by the child\'s name, accents aside; refused to other roles', async () => {
  const worker = await signIn(srv.base, 'pf-worker');
  const form = await get('/private-fostering/sar', worker.cookie);
  assert.equal(form.status, 200);
  assert.match(await form.text(), /name="who"/);
  const dash = await (await get('/private-fostering', worker.cookie)).text();
  assert.match(dash, /href="\/private-fostering\/sar"/, 'the dashboard links to it');
  const empty = await (await get('/private-fostering/sar?who=+', worker.cookie)).text();
  assert.match(empty, /govuk-error-summary/);
  assert.match(empty, /href="#who">Enter the child&#39;s or carer&#39;s name, or the arrangement number/);
  const none = await get('/private-fostering/sar?who=Nobody+Known', worker.cookie);
  assert.equal(none.status, 200);
  assert.match(await none.text(), /Nothing is held: no private fostering arrangement/);
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'sar.pf'"), '0', 'nothing found, nothing audited');

  const r = await get('/private-fostering/sar?who=ZOE%20zephyr', worker.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="subject-access-ZOE-zephyr-\d{4}-\d\d-\d\d\.html"/);
  const html = await r.text();
  assert.match(html, /Subject access copy: Zoë Zephyr \(privately fostered child in 1 private fostering arrangement\)/);
  assert.match(html, /Carla Keeper &lt;i&gt; <span class="mark">\[review for redaction\]<\/span>/);
  assert.match(html, /Zoë likes the garden/);
  assert.doesNotMatch(html, /Other Pfchild|Other Pfcarer|Other views/);
  const id = srv.sql("SELECT id FROM pf_arrangement WHERE child_name = 'Zoë Zephyr'");
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'sar.pf' AND record = 'pf:${id}'`), '1');
  // The administrator may ask too; the board (figures only) and the roles
  // that never see private fostering records may not.
  assert.equal((await get('/private-fostering/sar?who=Zoë Zephyr', admin.cookie)).status, 200);
  for (const role of ['board', 'lado', 'iro', 'residential-manager', 'business-support']) {
    const { cookie } = await signIn(srv.base, role);
    assert.equal((await get('/private-fostering/sar?who=Zoe+Zephyr', cookie)).status, 403, role);
  }
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'sar.pf'"), '2');
});

test('a member of staff\'s copy: their account without its password hash, for the administrator only', async () => {
  const form = await (await get('/admin/sar/staff', admin.cookie)).text();
  assert.match(form, /name="who"/);
  const empty = await (await get('/admin/sar/staff?who=', admin.cookie)).text();
  assert.match(empty, /href="#who">Enter their username or name/);
  assert.match(await (await get('/admin/sar/staff?who=nobody-at-all', admin.cookie)).text(),
    /Nothing is held: no account has that username or name/);
  const hash = srv.sql("SELECT password_hash FROM users WHERE username = 't-iro'");
  const name = srv.sql("SELECT display_name FROM users WHERE username = 't-iro'");
  const r = await get('/admin/sar/staff?who=t-iro', admin.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="subject-access-t-iro-/);
  const html = await r.text();
  assert.ok(html.includes(`Subject access copy: ${name} (member of staff)`), html.slice(0, 500));
  assert.match(html, /Audit log: everything they did/);
  assert.match(html, /Signed in/, 'their sign-in, in words');
  assert.ok(hash.length > 10 && !html.includes(hash), 'never the password hash');
  assert.doesNotMatch(html, /argon2|Password hash|Id hash|Csrf/);
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'sar.staff' AND record = 'user:t-iro'"), '1');
  for (const role of ROLES.filter((x) => x !== 'admin')) {
    const { cookie } = await signIn(srv.base, role);
    assert.equal((await get('/admin/sar/staff?who=t-iro', cookie)).status, 403, role);
  }
  assert.equal(srv.sql("SELECT count(*) FROM audit_log WHERE action = 'sar.staff'"), '1');
});

test('the subject access forms pass axe, with and without their errors', async () => {
  browser = browser || await launchBrowser();
  const b = await browserSession(browser, srv.base);
  await signInPage(b.page, 'admin');
  for (const path of ['/admin/sar/staff', '/admin/sar/staff?who=', '/private-fostering/sar',
    '/private-fostering/sar?who=nobody']) {
    await b.page.goto(path);
    await b.accessible(path);
  }
  assert.deepEqual(b.failures, []);
  await b.context.close();
});

test('destroying a child removes every row of theirs and keeps a destruction record', async () => {
  const id = childId(OLD);
  const r = await post(`/admin/retention/child/${id}`, admin, { confirm: 'yes' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/retention?saved=retention-destroyed');
  assert.equal(srv.sql(`SELECT (SELECT count(*) FROM child WHERE id = ${id}) + (SELECT count(*) FROM review WHERE child_id = ${id})
    + (SELECT count(*) FROM contact WHERE child_id = ${id}) + (SELECT count(*) FROM care_notification WHERE child_id = ${id})`), '0');
  assert.equal(srv.sql("SELECT record_type || ' ' || record_number || ' ' || destroyed_by || ' ' || rule_name || ' ' || due_on FROM retention_destruction"),
    `child ${OLD} t-admin retention_child_care 2025-03-01`);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'retention.destroy' AND record = 'child:${OLD}'`), '1');
  const list = await (await get('/admin/retention?saved=retention-destroyed', admin.cookie)).text();
  assert.match(list, /The record has been destroyed/);
  assert.match(list, /Child&#39;s care record R-OLD-1/);
  assert.equal((await get(`/admin/retention/child/${id}`, admin.cookie)).status, 404);
});

test('a record within its retention cannot be destroyed', async () => {
  const id = childId(YOUNG);
  const page = await (await get(`/admin/retention/child/${id}`, admin.cookie)).text();
  assert.match(page, /It cannot be destroyed before then/);
  const r = await post(`/admin/retention/child/${id}`, admin, { confirm: 'yes' });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /is kept until 6 May 2087/);
  assert.equal(srv.sql(`SELECT count(*) FROM child WHERE id = ${id}`), '1');
});

test('the Designated Officer makes an adult\'s copy and destroys a LADO case past its review date', async () => {
  const id = srv.sql("SELECT id FROM lado_case WHERE closed_by = 'retention-test'");
  const adult = srv.sql(`SELECT adult_name FROM lado_case WHERE id = ${id}`);
  const r = await get(`/lado/sar?name=${encodeURIComponent(adult)}`, lado.cookie);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^attachment/);
  assert.match(await r.text(), /review for redaction/);
  assert.equal(srv.sql(`SELECT count(*) FROM audit_log WHERE action = 'sar.adult' AND record = 'lado:${id}'`), '1');
  const casePage = await (await get(`/lado/cases/${id}`, lado.cookie)).text();
  assert.match(casePage, new RegExp(`href="/lado/cases/${id}/destroy"`));
  assert.equal((await get(`/lado/cases/${id}/destroy`, lado.cookie)).status, 200);
  assert.equal((await get(`/admin/retention/lado/${id}`, admin.cookie)).status, 404, 'not on the administrator\'s pages');
  const d = await post(`/lado/cases/${id}/destroy`, lado, { confirm: 'yes' });
  assert.equal(d.status, 303);
  assert.equal(srv.sql(`SELECT (SELECT count(*) FROM lado_case WHERE id = ${id}) + (SELECT count(*) FROM lado_advice WHERE case_id = ${id})
    + (SELECT count(*) FROM lado_meeting WHERE case_id = ${id})`), '0');
  assert.equal(srv.sql(`SELECT count(*) FROM retention_destruction WHERE record_type = 'lado' AND record_number = '${id}'`), '1');
  // The advice is still protected on every other case.
  const other = srv.sql('SELECT min(case_id) FROM lado_advice');
  assert.throws(() => srv.sql(`DELETE FROM lado_advice WHERE case_id = ${other}`), /cannot be removed/);
});

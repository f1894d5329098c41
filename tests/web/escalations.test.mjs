// Escalations in a real browser (SPEC §5): a QA manager raises an
// escalation about a child through the form (with mistakes first), finds it
// in the list, records the response, moves it on a stage with a reason and
// closes it as resolved with the impact for the child. Each step is in the
// audit log under the escalation; the weekly list shows open escalations
// only and downloads as CSV; a board member cannot open the pages. Every
// page visited is checked with axe-core (WCAG 2.2 AA: no violations), and no
// page may log a console error or break the Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, axe, signIn as fetchSignIn, userFor, PASSWORD, browserSession, go, signInPage as signIn } from './lib.mjs';

let browser, s;
before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 40 });
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const openBrowser = () => browserSession(browser, s.base);

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();
const errorLinks = (page) => page.locator('.govuk-error-summary').getByRole('link').evaluateAll(
  (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
const banner = (page) => page.locator('.govuk-notification-banner--success').innerText();
const summaryValue = (page, key) => page.locator('.govuk-summary-list').first()
  .locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) })
  .locator('dd').innerText();
const path = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

test('a QA manager raises, answers, moves on and closes an escalation; the weekly list and CSV show open ones', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    const ref = s.sql(`SELECT c.child_ref FROM child c JOIN episode e ON e.child_id = c.id AND e.end_date IS NULL
      ORDER BY c.child_ref LIMIT 1`);
    assert.ok(ref, 'a child in care');
    const before = Number(s.sql('SELECT count(*) FROM escalation'));
    await signIn(page, 'qa-manager');

    // ---- Raise: coming from the child's page, the child is filled in.
    await page.goto(`/escalations/new?child=${encodeURIComponent(ref)}`);
    assert.equal(await h1(page), 'Raise an escalation');
    assert.equal(await page.title(), 'Raise an escalation - Oversight');
    assert.equal(await page.getByLabel('Which children is it about?').inputValue(), ref);
    await b.accessible('the raise form');

    // Mistakes first: no category, no concern, an impossible date, an unknown child.
    await page.getByLabel('Which children is it about?').fill(`${ref}, 99999999`);
    await page.getByRole('group', { name: 'Topic' }).getByLabel('Education').check();
    await page.getByLabel('What outcome do you want?').fill('A school place by the next review.');
    await page.getByLabel('Who must respond first?').fill('Sam Lee, team manager');
    // The responder's email is optional, but one typed must be an address.
    await page.getByLabel('Their email address (optional)').fill('sam.lee at council');
    const raised = page.getByRole('group', { name: 'Date raised' });
    await raised.getByLabel('Day').fill('31');
    await raised.getByLabel('Month').fill('2');
    await go(page, page.getByRole('button', { name: 'Raise escalation' }));
    assert.equal(new URL(page.url()).pathname, '/escalations');
    assert.equal(await page.title(), 'Error: Raise an escalation - Oversight');
    const links = await errorLinks(page);
    assert.deepEqual(links.map((l) => l[1]).sort(), ['#category', '#children', '#concern', '#raised_on', '#responder_email'].sort(),
      JSON.stringify(links));
    assert.ok(links.some(([t]) => t === 'Enter an email address in the correct format, like name@example.com'), JSON.stringify(links));
    assert.ok(links.some(([t]) => t === 'There is no child with ID 99999999'), JSON.stringify(links));
    assert.ok(links.some(([t]) => /real date/.test(t)), JSON.stringify(links));
    assert.equal(await page.getByLabel('What outcome do you want?').inputValue(), 'A school place by the next review.',
      'what was typed is kept');
    assert.ok(await page.getByRole('group', { name: 'Topic' }).getByLabel('Education').isChecked(), 'the topic is kept');
    assert.equal(Number(s.sql('SELECT count(*) FROM escalation')), before, 'nothing saved');
    await b.accessible('the raise form with errors');

    // Put them right.
    const now = new Date();
    await page.getByLabel('Which children is it about?').fill(ref);
    await page.getByRole('group', { name: 'Category' }).getByLabel('Care planning').check();
    await page.getByLabel('What is the concern?').fill('The care plan has no date for the school move.');
    await page.getByLabel('Their email address (optional)').fill('sam.lee@council.example');
    await raised.getByLabel('Day').fill(String(now.getDate()));
    await raised.getByLabel('Month').fill(String(now.getMonth() + 1));
    await raised.getByLabel('Year').fill(String(now.getFullYear()));
    await go(page, page.getByRole('button', { name: 'Raise escalation' }));
    const m = /^\/escalations\/(\d+)\?saved=escalation$/.exec(path(page));
    assert.ok(m, `redirected to the new escalation, not ${path(page)}`);
    const id = m[1];
    assert.equal(await h1(page), `Escalation ${id}`);
    assert.match(await banner(page), /The escalation has been raised/);
    assert.match(await summaryValue(page, 'Children'), new RegExp(ref));
    assert.equal(await summaryValue(page, 'Current stage'), 'Informal stage');
    assert.match(await summaryValue(page, 'Status'), /Waiting for a response/);
    assert.match(await page.locator('.govuk-summary-card').first().innerText(), /Their email address\s+sam\.lee@council\.example/);
    // The responder is told in the raise's own transaction: the email is
    // queued, naming the escalation by number only.
    assert.equal(s.sql(`SELECT subject FROM outbox WHERE kind = 'escalation' AND recipient = 'sam.lee@council.example'`),
      `Oversight: escalation ${id} needs your response at the informal stage`);
    assert.doesNotMatch(s.sql(`SELECT body FROM outbox WHERE recipient = 'sam.lee@council.example'`), /school move/);
    await b.accessible('a new escalation');

    // ---- The list, with filters.
    await page.goto('/escalations');
    assert.equal(await h1(page), 'Escalations');
    const row = page.locator('tr', { has: page.getByRole('link', { name: `Escalation ${id}`, exact: true }) });
    assert.equal(await row.count(), 1, 'the new escalation is listed');
    assert.match(await row.innerText(), /Care planning/);
    assert.match(await row.innerText(), /Sam Lee, team manager/);
    await b.accessible('the list of escalations');
    await page.getByLabel('Category').selectOption('permanence');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    assert.match(path(page), /category=permanence/);
    assert.equal(await page.getByRole('link', { name: `Escalation ${id}`, exact: true }).count(), 0, 'filtered out');
    await b.accessible('the filtered list');
    await go(page, page.getByRole('button', { name: 'Raise an escalation' }));
    assert.equal(await h1(page), 'Raise an escalation');

    // ---- Respond.
    await page.goto(`/escalations/${id}`);
    await page.getByLabel('Response', { exact: true }).fill('We will set a date at the next planning meeting.');
    await go(page, page.getByRole('button', { name: 'Save response' }));
    assert.equal(path(page), `/escalations/${id}?saved=escalation-response`);
    assert.match(await banner(page), /The response has been recorded/);
    assert.match(await page.locator('.govuk-summary-card').first().innerText(), /We will set a date at the next planning meeting/);
    await b.accessible('the escalation after a response');

    // ---- Move on: without a reason first.
    await page.getByLabel('Who must respond at the next stage?').fill('Ali Khan, service manager');
    await go(page, page.getByRole('button', { name: /^Move to stage 1/ }));
    assert.equal(new URL(page.url()).pathname, `/escalations/${id}/move`);
    assert.deepEqual(await errorLinks(page), [['Enter why the escalation is moving to the next stage', '#reason']]);
    assert.equal(await page.getByLabel('Who must respond at the next stage?').inputValue(), 'Ali Khan, service manager');
    assert.equal(await page.title(), `Error: Escalation ${id} - Oversight`);
    await b.accessible('the escalation with a move error');
    await page.getByLabel('Why is it moving on?').fill('No date was set at the meeting.');
    await page.getByLabel('Their email address (optional)').fill('ali.khan@council.example');
    await go(page, page.getByRole('button', { name: /^Move to stage 1/ }));
    assert.equal(path(page), `/escalations/${id}?saved=escalation-moved`);
    assert.equal(await summaryValue(page, 'Current stage'), 'Stage 1 (team manager)');
    const stage1 = page.locator('.govuk-summary-card').nth(1);
    assert.match(await stage1.innerText(), /No date was set at the meeting/);
    assert.match(await stage1.innerText(), /Ali Khan, service manager/);
    assert.equal(s.sql(`SELECT subject FROM outbox WHERE recipient = 'ali.khan@council.example'`),
      `Oversight: escalation ${id} needs your response at stage 1 (team manager)`);
    await b.accessible('the escalation at stage 1');

    // ---- Close as resolved.
    await page.getByRole('group', { name: 'Outcome' }).getByLabel('Resolved', { exact: true }).check();
    await page.getByLabel('Impact for the child').fill('The school move now has a date in the plan.');
    await go(page, page.getByRole('button', { name: 'Close escalation' }));
    assert.equal(path(page), `/escalations/${id}?saved=escalation-closed`);
    assert.match(await summaryValue(page, 'Status'), /Closed/);
    assert.equal(await summaryValue(page, 'Outcome'), 'Resolved');
    assert.equal(await summaryValue(page, 'Impact for the child'), 'The school move now has a date in the plan.');
    assert.equal(await page.getByRole('button', { name: 'Save response' }).count(), 0, 'no forms once closed');
    await b.accessible('the closed escalation');

    // ---- The audit log has every step, and the views.
    const actions = s.sql(`SELECT action FROM audit_log WHERE record = 'escalation:${id}' ORDER BY id`).split('\n');
    for (const a of ['escalation.raise', 'escalation.respond', 'escalation.move', 'escalation.close', 'escalation.view']) {
      assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
    }
    assert.ok(actions.indexOf('escalation.raise') < actions.indexOf('escalation.respond'));
    assert.ok(actions.indexOf('escalation.respond') < actions.indexOf('escalation.move'));
    assert.ok(actions.indexOf('escalation.move') < actions.indexOf('escalation.close'));
    assert.equal(s.sql(`SELECT DISTINCT actor FROM audit_log WHERE record = 'escalation:${id}'`), userFor('qa-manager'));
    assert.ok(Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'child:${ref}' AND action LIKE 'escalation.%'`)) >= 5,
      'filed under the child too');

    // ---- The weekly list: open ones only, and its CSV.
    const open = s.sql('SELECT id FROM escalation WHERE closed_on IS NULL ORDER BY id').split('\n').filter(Boolean);
    const closed = s.sql('SELECT id FROM escalation WHERE closed_on IS NOT NULL ORDER BY id').split('\n').filter(Boolean);
    assert.ok(open.length > 0 && closed.includes(id));
    await page.goto('/escalations/weekly');
    assert.equal(await h1(page), 'Weekly list of outstanding escalations');
    const shown = await page.locator('main table a[href^="/escalations/"]').evaluateAll(
      (as) => as.map((a) => a.getAttribute('href').split('/')[2]));
    assert.deepEqual([...shown].sort(), [...open].sort(), 'every open escalation, and only those');
    assert.ok(await page.locator('main h2').count() >= 1, 'a heading per locality');
    await b.accessible('the weekly list');
    const csv = await b.context.request.get(await page.getByRole('link', { name: /Download the list as CSV/ }).getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(csv.headers()['content-disposition'], /^attachment; filename="escalations-weekly-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text()).trim().split('\n');
    assert.match(lines[0], /^locality,escalation_ref,raised_on,children,category/);
    // The current responder's email, to chase them (issue 20).
    assert.match(lines[0], /,process_flagged,responder_email$/);
    assert.equal(lines.length - 1, open.length, 'one row per open escalation');

    // ---- An escalation that does not exist.
    for (const p of ['/escalations/999999', '/escalations/abc', '/escalations/0']) {
      assert.equal((await b.context.request.get(p)).status(), 404, p);
    }
    assert.deepEqual(b.failures, [], 'problems found along the journey');
  } finally {
    await b.context.close();
  }
});

test('a board member cannot open the escalation pages', async () => {
  const { cookie } = await fetchSignIn(s.base, 'board');
  for (const p of ['/escalations', '/escalations/weekly', '/escalations/weekly.csv', '/escalations/new', '/escalations/1']) {
    const r = await fetch(s.base + p, { headers: { cookie }, redirect: 'manual' });
    assert.equal(r.status, 403, p);
    assert.match(await r.text(), /You cannot see this page/);
  }
});

test('the weekly list downloads as an Excel workbook with the open escalations', async () => {
  const s = await startServer();
  try {
    const { cookie } = await fetchSignIn(s.base, 'qa-manager');
    const r = await fetch(s.base + '/escalations/weekly.xlsx', { headers: { cookie } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(r.headers.get('content-disposition'), /attachment; filename="escalations-weekly-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');   // a zip, as .xlsx is
    // Read it back: the sheet holds one row per open escalation under a bold header.
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const file = join(mkdtempSync(join(tmpdir(), 'xlsx-')), 'w.xlsx');
    writeFileSync(file, bytes);
    const py = spawnSync('python3', ['-c', `
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read('xl/worksheets/sheet1.xml').decode()
strings = z.read('xl/sharedStrings.xml').decode()
print(len(re.findall(r'<row ', sheet)) - 1, 'Response due' in strings)
`, file], { encoding: 'utf8' });
    const [rows, header] = py.stdout.trim().split(' ');
    const open = Number(s.sql('SELECT count(*) FROM escalation WHERE closed_on IS NULL'));
    assert.ok(open > 0);
    assert.equal(Number(rows), open);
    assert.equal(header, 'True');
    // A board member may not have it.
    const board = await fetchSignIn(s.base, 'board');
    assert.equal((await fetch(s.base + '/escalations/weekly.xlsx', { headers: { cookie: board.cookie } })).status, 403);
  } finally {
    await s.stop();
  }
});

test("a child's page lists the escalations about them", async () => {
  const s = await startServer();
  try {
    const { cookie } = await fetchSignIn(s.base, 'qa-manager');
    const [id, ref] = s.sql(`SELECT e.id, c.child_ref FROM escalation e JOIN escalation_child ec ON ec.escalation_id = e.id
                             JOIN child c ON c.id = ec.child_id ORDER BY e.id LIMIT 1`).split('|');
    const html = await (await fetch(`${s.base}/children/${ref}`, { headers: { cookie } })).text();
    assert.match(html, new RegExp(`<a class="govuk-link" href="/escalations/${id}">Escalation ${id}</a>`));
    const none = s.sql(`SELECT child_ref FROM child c WHERE NOT EXISTS (SELECT 1 FROM escalation_child ec WHERE ec.child_id = c.id) LIMIT 1`);
    const other = await (await fetch(`${s.base}/children/${none}`, { headers: { cookie } })).text();
    assert.match(other, /No escalations have been raised about this child\./);
  } finally {
    await s.stop();
  }
});

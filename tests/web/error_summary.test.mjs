// Error summaries (issue 17, GOV.UK Design System): each main form is sent
// empty, and again with impossible dates, and the page that comes back
// must list its errors in the order of the fields on the page, each
// linking to a field that is there and has its own inline message, and
// every inline message must be in the summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signInPage } from './lib.mjs';

// A child allocated to the test IRO, so the IRO may record for them.
const CHILD = `
INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, locality_id)
 VALUES ('900101', 'Ruby', 'Ashdown', date('now', 'localtime', '-14 years'), 'F', 'WBRI', (SELECT min(id) FROM locality));
INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, registration)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), date('now', 'localtime', '-200 days'),
         'S', 'C2', 'N1', 'U1', 'PR1', 'registered');
INSERT INTO allocation(child_id, iro_id, start_date, reason)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), (SELECT iro_id FROM users WHERE username = 't-iro'),
         date('now', 'localtime', '-200 days'), 'new');
`;

// The forms, and the role that fills each in.
const FORMS = [
  ['business-support', '/children/new'],
  ['business-support', '/children/900101/placements/new'],
  ['iro', '/children/900101/contacts/new'],
  ['iro', '/children/900101/reviews/new'],
  ['iro', '/escalations/new'],
  ['lado', '/lado/contacts/new'],
  ['pf-worker', '/private-fostering/new'],
  ['residential-manager', '/homes/new'],
  ['qa-manager', '/iros/new'],
  ['admin', '/users/new'],
  ['admin', '/audit'],
];

let s, browser;
before(async () => {
  s = await startServer({ extraSql: CHILD });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

// The page's error summary against its fields: the problems found.
async function check(page) {
  return page.evaluate(() => {
    const problems = [];
    const links = [...document.querySelectorAll('.govuk-error-summary__list a')];
    if (!links.length) return ['no error summary'];
    const targets = links.map((a) => ({ id: a.getAttribute('href').slice(1), text: a.textContent }));
    let last = null;
    for (const t of targets) {
      const el = document.getElementById(t.id);
      if (!el) {
        problems.push(`"${t.text}" links to #${t.id}, which is not on the page`);
        continue;
      }
      const group = el.closest('.govuk-form-group--error');
      if (!group || !group.querySelector('.govuk-error-message')) {
        problems.push(`"${t.text}": the field #${t.id} has no inline message`);
      }
      if (last && last.el !== el && (last.el.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING)) {
        problems.push(`"${t.text}" (#${t.id}) is listed after "${last.text}" (#${last.id}), which comes later on the page`);
      }
      last = { el, ...t };
    }
    // Every inline message is in the summary.
    const listed = new Set(targets.map((t) => t.id));
    for (const m of document.querySelectorAll('.govuk-error-message')) {
      const group = m.closest('.govuk-form-group');
      const ids = [...group.querySelectorAll('[id]')].map((e) => e.id);
      if (!ids.some((id) => listed.has(id))) problems.push(`the message "${m.textContent.trim()}" is not in the summary`);
    }
    return problems;
  });
}

// The form on the page with the most fields, sent with its main button
// (not "Add another ..." nor "Remove ...").
async function send(page) {
  const form = await page.evaluateHandle(() => {
    const forms = [...document.querySelectorAll('main form')];
    forms.sort((a, b) => b.querySelectorAll('input, select, textarea').length - a.querySelectorAll('input, select, textarea').length);
    return forms[0];
  });
  const buttons = await form.$$('button:not([type=button])');
  let main = null;
  for (const b of buttons) {
    const t = (await b.innerText()).trim();
    if (!/^(Add another|Remove)/.test(t)) main = b;
  }
  assert.ok(main, 'the form has a button');
  await Promise.all([page.waitForLoadState('load'), main.click()]);
  await page.waitForLoadState('load');
}

test('every main form lists its errors in the order of its fields, each with its inline message', async () => {
  const failures = [];
  const contexts = new Map();
  for (const [role, path] of FORMS) {
    if (!contexts.has(role)) {
      const context = await browser.newContext({ baseURL: s.base });
      const page = await context.newPage();
      await signInPage(page, role);
      contexts.set(role, page);
    }
    const page = contexts.get(role);
    for (const how of ['empty', 'impossible dates']) {
      const r = await page.goto(path);
      assert.equal(r.status(), 200, `${role} opens ${path}`);
      if (how === 'impossible dates') {
        const days = page.locator('main input[name$="-day"]');
        if (!(await days.count())) continue;
        // 31 February: "must be a real date"
        for (const d of await days.all()) await d.fill('31');
        for (const m of await page.locator('main input[name$="-month"]').all()) await m.fill('2');
        for (const y of await page.locator('main input[name$="-year"]').all()) await y.fill('2026');
      }
      await send(page);
      // The audit filter sent empty is no error: only its dates are checked.
      if (path === '/audit' && how === 'empty') continue;
      for (const p of await check(page)) failures.push(`${path} sent with ${how}: ${p}`);
      if (how === 'impossible dates') {
        const summary = await page.locator('.govuk-error-summary').innerText();
        if (!/must be a real date/.test(summary)) failures.push(`${path} with 31 February does not say "must be a real date"`);
      }
    }
  }
  for (const page of contexts.values()) await page.context().close();
  assert.deepEqual(failures, [], failures.join('\n'));
});

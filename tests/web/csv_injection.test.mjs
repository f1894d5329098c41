// CSV injection (issue 14): text typed into a form that a spreadsheet would
// run as a formula (=HYPERLINK(...) here) comes out of a page's CSV download
// with a ' in front, so Excel shows it; the Excel download keeps it as a
// string cell, never a formula. Numbers are written as they are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, signIn, csvRecords } from './lib.mjs';

// The IRO test user works the busiest caseload (the first IRO may have none).
const LINK_IRO = `UPDATE users SET iro_id = (SELECT iro_id FROM allocation WHERE end_date IS NULL
  GROUP BY iro_id ORDER BY count(*) DESC, iro_id LIMIT 1) WHERE username = 't-iro';`;
const OWN_CHILD = `SELECT c.child_ref FROM child c JOIN allocation a ON a.child_id = c.id
  WHERE a.end_date IS NULL AND a.iro_id = (SELECT iro_id FROM users WHERE username = 't-iro')
  ORDER BY c.child_ref LIMIT 1`;

const FORMULA = '=HYPERLINK("http://x","y")';
const QUOTED = `'${FORMULA}`;
// The cell as RFC 4180 writes it: quoted for its quotes and comma.
const QUOTED_CSV = `"'=HYPERLINK(""http://x"",""y"")"`;


const unescapeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');

let s, iro, qa, work, ref;
before(async () => {
  s = await startServer({ children: 10, extraSql: LINK_IRO });
  iro = await signIn(s.base, 'iro');
  qa = await signIn(s.base, 'qa-manager');
  work = mkdtempSync(join(tmpdir(), 'oversight-csvinj-'));
  // A child on the IRO user's own caseload: an IRO raises escalations only for those.
  ref = s.sql(OWN_CHILD);
  const [y, m, d] = s.sql("SELECT date('now', 'localtime')").split('-').map(Number);
  // Raised through the form, as an IRO would: the formula as the concern
  // and as who must respond (a column of the escalations list).
  const r = await fetch(s.base + '/escalations', {
    method: 'POST', redirect: 'manual',
    headers: { cookie: iro.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf: iro.csrf, children: ref, category: 'permanence', topic: 'placement', concern: FORMULA,
      outcome_wanted: '-3', stage: 'informal', responder: FORMULA,
      'raised_on-day': String(d), 'raised_on-month': String(m), 'raised_on-year': String(y),
    }),
  });
  assert.equal(r.status, 303, `the escalation is raised: ${(await r.text()).slice(0, 500)}`);
});
after(async () => {
  await s?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function get(path) {
  const r = await fetch(s.base + path, { headers: { cookie: qa.cookie }, redirect: 'manual' });
  assert.equal(r.status, 200, path);
  return Buffer.from(await r.arrayBuffer());
}

function unzip(buf, member) {
  const f = join(work, 'book.xlsx');
  writeFileSync(f, buf);
  const r = spawnSync('unzip', ['-p', f, member], { encoding: 'utf8' });
  assert.equal(r.status, 0, `unzip ${member}`);
  return r.stdout;
}

test('the escalations list CSV has the formula with a quote in front; the number as it is', async () => {
  const text = (await get('/escalations.csv?show=all')).toString('utf8');
  assert.ok(text.includes(`,${QUOTED_CSV},`), `the responder cell is ${QUOTED_CSV}:\n${text}`);
  const recs = csvRecords(text);
  const col = recs[0].indexOf('responder');
  const row = recs.find((rec) => rec[col] === QUOTED);
  assert.ok(row, 'a row whose responder reads back as the quoted formula');
  assert.match(row[recs[0].indexOf('escalation_id')], /^\d+$/, 'the number has no quote');
  assert.ok(!recs.some((rec) => rec.some((c) => c.startsWith('=HYPERLINK'))), 'no cell starts with =');
});

test('the weekly list CSV, its own writer, quotes the formula too', async () => {
  const recs = csvRecords((await get('/escalations/weekly.csv')).toString('utf8'));
  const col = recs[0].indexOf('responder');
  assert.ok(col >= 0, recs[0].join(','));
  assert.ok(recs.some((rec) => rec[col] === QUOTED), 'the responder is quoted');
  assert.ok(!recs.some((rec) => rec.some((c) => /^[=+@]/.test(c))), 'no cell starts a formula');
});

test('the Excel download keeps the formula as a string cell, not a formula', async () => {
  const book = await get('/escalations.xlsx?show=all');
  const strings = [...unzip(book, 'xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map(([, si]) => unescapeXml(si.replace(/<[^>]*>/g, '')));
  const k = strings.indexOf(FORMULA);
  assert.ok(k >= 0, `the text is a shared string as typed, with no quote added: ${strings.join(' | ')}`);
  const sheet = unzip(book, 'xl/worksheets/sheet1.xml');
  assert.match(sheet, new RegExp(`<c r="[A-Z]+\\d+"[^>]* t="s"[^>]*><v>${k}</v></c>`), 'a cell holds it as a string');
  assert.doesNotMatch(sheet, /<f[ >]/, 'the sheet has no formula');
});

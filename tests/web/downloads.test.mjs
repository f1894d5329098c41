// Every table in the product can be downloaded as CSV and as an Excel
// workbook. For each role, every page it can open without parameters (the
// GET routes of src/web.c's aRoute[], plus a child's page, an IRO's
// dashboard of every IRO and a search found by following links) is fetched; every page
// showing a <table> must link to a .csv and an .xlsx download. Both are
// fetched: the workbook is read back (a zip: `unzip`), and for the pages
// built on the shared tables (their links are in ul.app-downloads) each
// table on the page must be one sheet with the same headings and the same
// number of rows, and one CSV block with as many columns and rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, signIn, ROLES, csvRecords } from './lib.mjs';
import { CHILD_IN_UNREGISTERED_PROVISION as CRAWL_CHILD } from './crawl.mjs';

const WEB_C = new URL('../../src/web.c', import.meta.url).pathname;

// ---- Reading what comes back ------------------------------------------------

const decode = (s) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

// The tables of a page: their column headings (less web-only action
// columns, whose heading is for screen readers only) and how many rows.
function htmlTables(page) {
  return [...page.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map(([, t]) => {
    const head = (t.match(/<thead[^>]*>([\s\S]*?)<\/thead>/) || ['', ''])[1];
    const body = (t.match(/<tbody[^>]*>([\s\S]*?)<\/tbody>/) || ['', ''])[1];
    const headers = [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)]
      .filter(([, h]) => !/^<span class="govuk-visually-hidden">[^<]*<\/span>$/.test(h.trim()))
      .map(([, h]) => decode(h));
    // A list that is always shown says it is empty in one row across it.
    const rows = [...body.matchAll(/<tr[\s>][\s\S]*?<\/tr>/g)].filter(([r]) => !/colspan=/.test(r)).length;
    return { headers, rows };
  });
}


// The CSV's tables: one is header + rows; several are blocks of title,
// header and rows, separated by a blank line.
function csvTables(text, nTables) {
  const recs = csvRecords(text);
  if (nTables === 1) return [{ header: recs[0], rows: recs.length - 1 }];
  const blocks = [];
  let cur = [];
  for (const r of recs) {
    if (r.length === 1 && r[0] === '') { blocks.push(cur); cur = []; } else cur.push(r);
  }
  blocks.push(cur);
  return blocks.map((b) => ({ title: b[0][0], header: b[1], rows: b.length - 2 }));
}

let work;
function unzip(buf, opt, member) {
  const f = join(work, 'book.xlsx');
  writeFileSync(f, buf);
  // A sheet of the whole audit log is several MB of XML: more than
  // spawnSync's default 1 MB of output.
  const r = spawnSync('unzip', member ? [opt, f, member] : [opt, f], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return r.status === 0 ? r.stdout : null;
}

// The workbook read back: each sheet's name, first row (the headings,
// through the shared strings) and number of data rows; and the raw XML.
function readWorkbook(buf) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an .xlsx is a zip file');
  const list = unzip(buf, '-Z1');
  assert.ok(list, 'unzip can read the workbook');
  assert.match(list, /^xl\/worksheets\/sheet1\.xml$/m, 'the workbook has a first sheet');
  const strings = [...(unzip(buf, '-p', 'xl/sharedStrings.xml') || '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map(([, s]) => decode(s));
  const names = [...unzip(buf, '-p', 'xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) => decode(m[1]));
  return names.map((name, i) => {
    const xml = unzip(buf, '-p', `xl/worksheets/sheet${i + 1}.xml`);
    const rows = [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map(([, r]) => r);
    const headers = rows.length ? [...rows[0].matchAll(/<c [^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/g)].map((m) => strings[+m[1]]) : [];
    return { name, headers, rows: Math.max(rows.length - 1, 0), xml };
  });
}

// ---- The pages ------------------------------------------------------------------

// GET routes with no {} that are pages, not downloads.
function plainPages() {
  const src = readFileSync(WEB_C, 'utf8');
  const block = src.slice(src.indexOf('aRoute[] = {'), src.indexOf('};', src.indexOf('aRoute[] = {')));
  return [...block.matchAll(/\{\s*"GET"\s*,\s*"([^"]*)"/g)].map((m) => m[1])
    .filter((p) => !p.includes('{}') && !/\.(csv|xlsx)$/.test(p) && p !== '/login');
}

// The crawl's child in unregistered provision (crawl.mjs), the QA managers
// told: the unregistered list, the child's unregistered-provision page and
// the IRO's own dashboard have a row.
const CHILD_IN_UNREGISTERED_PROVISION = `${CRAWL_CHILD}
INSERT INTO unreg_event(child_id, episode_id, kind, on_date, by_whom, note)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), (SELECT max(id) FROM episode),
         'qa-notified', date('now', 'localtime', '-20 days'), 'Brokerage, "duty" desk', 'Told by phone, then email');
`;

let s, sess;
before(async () => {
  s = await startServer({ extraSql: CHILD_IN_UNREGISTERED_PROVISION });
  sess = {};
  for (const role of ROLES) sess[role] = await signIn(s.base, role);
  work = mkdtempSync(join(tmpdir(), 'oversight-dl-'));
});
after(async () => {
  await s?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function get(role, path) {
  const r = await fetch(s.base + path, { headers: { cookie: sess[role].cookie }, redirect: 'manual' });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}

const hrefs = (page, ext) => [...page.matchAll(/href="([^"]*)"/g)].map((m) => decode(m[1]))
  .filter((h) => h.split('?')[0].endsWith(ext));

// Check a page's downloads; returns what was checked, for the summary.
async function checkPage(role, path, page) {
  const tables = htmlTables(page);
  const [csvHref] = hrefs(page, '.csv');
  const [xlsxHref] = hrefs(page, '.xlsx');
  assert.ok(csvHref, `${role} ${path}: a page with a table links to a CSV download`);
  assert.ok(xlsxHref, `${role} ${path}: a page with a table links to an Excel download`);
  const csv = await get(role, csvHref);
  const xlsx = await get(role, xlsxHref);
  for (const [r, ext, type] of [[csv, 'csv', /^text\/csv/], [xlsx, 'xlsx', /spreadsheetml\.sheet/]]) {
    assert.equal(r.status, 200, `${role} ${path}: ${ext} download`);
    assert.match(r.headers.get('content-type'), type, `${role} ${path}: ${ext} type`);
    assert.match(r.headers.get('content-disposition') || '', new RegExp(`^attachment; filename="[a-z0-9-]+\\.${ext}"$`),
      `${role} ${path}: ${ext} is a named attachment`);
  }
  const book = readWorkbook(xlsx.buf);
  if (!/class="govuk-list app-downloads"/.test(page)) return;   // a report with its own layout
  assert.match(csv.headers.get('content-disposition'), /-\d{4}-\d{2}-\d{2}\.csv"$/, 'the file name has the date');
  // Every table on the page is a sheet with its headings and rows (a
  // table with no rows is a message on the page, and an empty sheet).
  // A long list shows one page of its rows and says how many there are
  // ("Showing 51 to 100 of 109"); its downloads hold them all.
  const of = page.match(/Showing \d+ to \d+ of (\d+)/);
  if (of) {
    // The paged list is the table after the words (the service dashboard
    // has the caseloads above its overdue items).
    const i = (page.slice(0, of.index).match(/<table[\s>]/g) || []).length;
    assert.ok(i < tables.length, `${role} ${path}: a table follows "${of[0]}"`);
    tables[i].rows = Number(of[1]);
  }
  const shown = book.filter((b) => b.rows > 0).map((b) => ({ headers: b.headers, rows: b.rows }));
  assert.deepEqual(shown, tables.filter((t) => t.rows > 0), `${role} ${path}: the workbook's sheets are the page's tables`);
  for (const b of book) assert.ok(b.name.length > 0 && b.name.length <= 31, `sheet name ${b.name}`);
  const blocks = csvTables(csv.buf.toString('utf8'), book.length);
  assert.equal(blocks.length, book.length, `${role} ${path}: one CSV block per table`);
  blocks.forEach((b, i) => {
    assert.equal(b.header.length, book[i].headers.length, `${role} ${path}: CSV columns of table ${i + 1}`);
    for (const h of b.header) assert.match(h, /^[a-z0-9_]+$/, `${role} ${path}: CSV header ${h} is snake_case`);
    assert.equal(b.rows, book[i].rows, `${role} ${path}: CSV rows of table ${i + 1}`);
  });
}

test('every page with a table offers CSV and Excel downloads of it, for every role, and they read back', async () => {
  const checked = new Set();
  const failures = [];
  for (const role of ROLES) {
    const queue = [...plainPages(), '/children/900101/unregistered'];
    const seen = new Set();
    while (queue.length) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      const r = await get(role, path);
      if (r.status !== 200) continue;
      const page = r.buf.toString('utf8');
      // One child's page and every IRO's dashboard, found by links.
      if (!seen.has('child')) {
        const m = page.match(/href="(\/children\/[^"/?#]+)"/);
        if (m) { seen.add('child'); queue.push(decode(m[1])); }
      }
      for (const [, iro] of page.matchAll(/href="(\/iros\/\d+)"/g)) queue.push(iro);
      // Every home's page: its inspections, visits, surveys, dip samples,
      // weekly returns, occupancy and complaints are all in its downloads.
      for (const [, home] of page.matchAll(/href="(\/homes\/\d+)"/g)) queue.push(home);
      if (path === '/children') queue.push('/children?q=a');
      if (path === '/escalations') queue.push('/escalations?show=all');
      if (!/<table/.test(page)) continue;
      try {
        await checkPage(role, path, page);
        checked.add(path.replace(/\/children\/[^/?]+/, '/children/{}').replace(/\/iros\/\d+/, '/iros/{}')
          .replace(/\/homes\/\d+/, '/homes/{}'));
      } catch (e) {
        // Every message names the page, even one thrown by a helper.
        failures.push(e.message.includes(path) ? e.message : `${role} ${path}: ${e.message}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  for (const p of ['/', '/alerts', '/audit', '/children?q=a', '/children/{}', '/escalations', '/escalations?show=all',
    '/iros/{}', '/rules', '/service', '/unregistered', '/children/{}/unregistered', '/users', '/reports/weekly',
    '/escalations/weekly', '/reports/annual', '/homes', '/homes/{}', '/homes/qpag']) {
    assert.ok(checked.has(p), `${p} was checked (checked: ${[...checked].join(' ')})`);
  }
});

test('a download keeps the filters of the page it came from', async () => {
  const page = (await get('qa-manager', '/escalations?show=closed')).buf.toString('utf8');
  assert.ok(hrefs(page, '.csv').includes('/escalations.csv?show=closed'), hrefs(page, '.csv').join(' '));
  assert.ok(hrefs(page, '.xlsx').includes('/escalations.xlsx?show=closed'));
  const rows = htmlTables(page)[0]?.rows ?? 0;
  const csv = csvRecords((await get('qa-manager', '/escalations.csv?show=closed')).buf.toString('utf8'));
  assert.equal(csv.length - 1, rows, 'the CSV has the closed escalations the page shows');
  for (const r of csv.slice(1)) assert.match(r[7], /^Closed/, 'only closed ones');
});

test('dates in the workbook are real Excel dates; the CSV has them as YYYY-MM-DD', async () => {
  const csv = csvRecords((await get('qa-manager', '/children.csv?q=a')).buf.toString('utf8'));
  assert.deepEqual(csv[0], ['child_name', 'child_id', 'date_of_birth']);
  assert.ok(csv.length > 1, 'the search finds someone');
  const [y, m, d] = csv[1][2].split('-').map(Number);
  const serial = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
  const [sheet] = readWorkbook((await get('qa-manager', '/children.xlsx?q=a')).buf);
  assert.equal(sheet.name, 'Children found');
  assert.deepEqual(sheet.headers, ['Name', 'ID', 'Date of birth']);
  // C2: a number with a date format, not text.
  const cell = sheet.xml.match(/<c r="C2"([^>]*)><v>([^<]*)<\/v><\/c>/);
  assert.ok(cell, 'C2 holds a value');
  assert.doesNotMatch(cell[1], /t="/, 'C2 is a number, not a string');
  assert.match(cell[1], /s="\d+"/, 'C2 has a (date) format');
  assert.equal(Number(cell[2]), serial, `C2 is ${csv[1][2]} as an Excel date`);
});

test('a download naming children is audited as a view of each; without the audit it is not sent', async () => {
  const ref = s.sql("SELECT child_ref FROM child ORDER BY child_ref LIMIT 1");
  const before = Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'child:${ref}' AND action = 'child.view'`));
  const r = await get('qa-manager', `/children/${encodeURIComponent(ref)}/download.csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), new RegExp(`filename="child-${ref}-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
  const entries = s.sql(`SELECT actor || '|' || after_value FROM audit_log WHERE record = 'child:${ref}'
    AND action = 'child.view' ORDER BY id`).split('\n');
  assert.equal(entries.length, before + 1, 'one view recorded');
  assert.match(entries.at(-1), /^t-qa-manager\|downloaded in child-/);

  // The service dashboard's overdue list: every child in it is recorded.
  const csv = csvTables((await get('qa-manager', '/service.csv')).buf.toString('utf8'), 2);
  const overdue = readWorkbook((await get('qa-manager', '/service.xlsx')).buf)[1];
  assert.equal(overdue.name, 'Overdue');
  const refs = new Set(csvRecords((await get('qa-manager', '/service.csv')).buf.toString('utf8'))
    .filter((rec) => rec.length === 6 && /^\d+$/.test(rec[1])).map((rec) => rec[1]));   // child, ID, IRO, item, due, days
  assert.equal(csv[1].rows > 0, refs.size > 0);
  for (const c of refs) {
    assert.ok(Number(s.sql(`SELECT count(*) FROM audit_log WHERE record = 'child:${c}' AND after_value LIKE 'downloaded in service-%'`)) > 0,
      `child ${c} in the download is audited`);
  }

  // An audit log that cannot be written: the download is refused.
  s.sql(`CREATE TRIGGER no_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'child.view'
    BEGIN SELECT RAISE(ABORT, 'no'); END`);
  try {
    const refused = await get('qa-manager', `/children/${encodeURIComponent(ref)}/download.xlsx`);
    assert.equal(refused.status, 503);
    assert.doesNotMatch(refused.headers.get('content-type'), /spreadsheet/);
    assert.equal(refused.headers.get('content-disposition'), null);
  } finally {
    s.sql('DROP TRIGGER no_audit');
  }
});

test('an IRO downloads their own children from their home page', async () => {
  const page = (await get('iro', '/')).buf.toString('utf8');
  assert.ok(hrefs(page, '.csv').includes('/my-children.csv'));
  // The worklist (overdue, due today, due soon) first, as on the page, then the children.
  const csv = csvTables((await get('iro', '/my-children.csv')).buf.toString('utf8'), 4);
  assert.deepEqual(csv.map((t) => t.title), ['Overdue', 'Due today', 'Due soon', 'Children and next review']);
  assert.deepEqual(csv[3].header, ['child_name', 'child_id', 'next_review_due', 'status']);
  const allocated = Number(s.sql(`SELECT count(*) FROM allocation WHERE iro_id = ${s.iroId} AND end_date IS NULL`));
  assert.ok(allocated > 0);
  assert.equal(csv[3].rows, allocated);
  const recs = csvRecords((await get('iro', '/my-children.csv')).buf.toString('utf8'));
  assert.ok(recs.some((r) => /^Ruby Ashdown,900101,/.test(r.join(','))));
  // The administrator may have a caseload but has no IRO record: no children.
  const admin = csvTables((await get('admin', '/my-children.csv')).buf.toString('utf8'), 4);
  assert.equal(admin.reduce((n, t) => n + t.rows, 0), 0);
});

test("a home's downloads hold its surveys, dip samples, weekly returns, occupancy and complaints", async () => {
  // The home with the demo's dip sample: every section of its page has rows.
  const home = s.sql("SELECT home_id FROM home_audit WHERE kind = 'dip-sample' LIMIT 1");
  const count = (q) => Number(s.sql(q));
  const csv = csvTables((await get('residential-manager', `/homes/${home}/download.csv`)).buf.toString('utf8'), 11);
  const byTitle = Object.fromEntries(csv.map((t) => [t.title, t]));
  assert.deepEqual(csv.map((t) => t.title).slice(4), ['The latest surveys beside the one before', 'Every survey',
    'Dip samples and full audits, latest first', 'Notifications, latest first',
    'Weekly safeguarding, LADO and complaints returns', 'Occupancy and staffing by month', 'Complaints and compliments']);
  assert.equal(byTitle['Every survey'].rows, count(`SELECT count(*) FROM survey_round WHERE home_id = ${home}`));
  assert.equal(byTitle['Dip samples and full audits, latest first'].rows,
    count(`SELECT count(*) FROM home_audit WHERE home_id = ${home} AND kind IN ('dip-sample', 'full-audit')`));
  assert.equal(byTitle['Occupancy and staffing by month'].rows, count(`SELECT count(*) FROM home_month WHERE home_id = ${home}`));
  assert.equal(byTitle['Complaints and compliments'].rows, count(`SELECT count(*) FROM home_feedback WHERE home_id = ${home}`));
  // The page shows the last 12 weeks.
  assert.equal(byTitle['Weekly safeguarding, LADO and complaints returns'].rows, 12);
  assert.deepEqual(byTitle['Occupancy and staffing by month'].header, ['month', 'places_registered', 'places_used',
    'occupancy', 'occupancy_percent', 'posts', 'filled', 'vacancies', 'leavers']);
  const book = readWorkbook((await get('residential-manager', `/homes/${home}/download.xlsx`)).buf);
  assert.deepEqual(book.map((b) => b.name).slice(4), ['Latest surveys', 'Every survey', 'Dip samples and full audits',
    'Notifications', 'Weekly returns', 'Occupancy and staffing', 'Complaints and compliments']);
  // Records no one may see are not downloaded either: the board is refused.
  assert.equal((await get('board', `/homes/${home}/download.csv`)).status, 403);
});

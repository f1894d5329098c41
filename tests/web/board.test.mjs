// The board's views never name anyone (issue 20, SPEC §11): a board member
// follows every link they are offered, from their home and the reports hub,
// and opens every download those pages offer (CSV as text, Excel unzipped).
// No page or file may hold the full name of anyone in the demo: a child, an
// adult in a LADO case, a privately fostered child or their carer, an IRO,
// a person invited to a review, or another user. Counts of 1 to 5 read
// "fewer than 6". The figures pages open (200) and every record page they
// might have linked to is still refused (403).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, signIn, csvRecords } from './lib.mjs';

let s, board, dir;
before(async () => {
  s = await startServer({ children: 40 });
  board = await signIn(s.base, 'board');
  dir = mkdtempSync(join(tmpdir(), 'oversight-board-'));
});
after(async () => {
  await s?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (path) => fetch(s.base + path, { headers: { cookie: board.cookie }, redirect: 'manual' });

// Every name the demo holds, as people would read it.
function demoNames() {
  const lines = (q) => s.sql(q).split('\n').map((l) => l.trim()).filter((l) => l.length >= 5);
  return new Set([
    ...lines("SELECT given_name || ' ' || family_name FROM child"),
    ...lines('SELECT adult_name FROM lado_case'),
    ...lines('SELECT child_name FROM pf_arrangement'),
    ...lines('SELECT carer_name FROM pf_arrangement'),
    ...lines('SELECT name FROM iro'),
    ...lines("SELECT name FROM review_attendee WHERE name IS NOT NULL"),
    ...lines("SELECT owner_name FROM recommendation WHERE owner_name IS NOT NULL"),
    // The board member's own name is in the header, as for everyone.
    ...lines("SELECT display_name FROM users WHERE role <> 'board'"),
  ]);
}

// The readable text of a response: HTML tags dropped and entities read.
function text(body) {
  return body.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

function xlsxText(buf, name) {
  const f = join(dir, name.replace(/[^a-z0-9.]/gi, '_'));
  writeFileSync(f, buf);
  const r = spawnSync('unzip', ['-p', f, 'xl/sharedStrings.xml', 'xl/worksheets/*.xml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `unzip ${name}: ${r.stderr}`);
  return text(r.stdout);
}

test('every page and download a board member can reach names no one and hides small counts', async () => {
  const names = demoNames();
  assert.ok(names.size > 100, `the demo holds names to look for (${names.size})`);
  const seen = new Set();
  const queue = ['/', '/reports', '/reports/annual', '/lado/report', '/private-fostering/report', '/homes/qpag'];
  const found = [];
  const refused = [];
  let pages = 0, downloads = 0;
  while (queue.length) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const r = await get(path);
    if (r.status === 403) { refused.push(path); continue; }
    assert.ok(r.status === 200, `${path}: ${r.status}`);
    let body;
    if (/\.xlsx(\?|$)/.test(path)) {
      body = xlsxText(Buffer.from(await r.arrayBuffer()), path);
      downloads++;
    } else {
      const raw = await r.text();
      if (/\.csv(\?|$)/.test(path)) { body = raw; downloads++; } else {
        body = text(raw);
        pages++;
        for (const m of raw.matchAll(/href="(\/[^"#]*)"/g)) {
          const href = m[1].replace(/&amp;/g, '&');
          if (/^\/(assets|logout|login|password|account|healthz|metrics)(\/|$)/.test(href)) continue;
          if (!seen.has(href)) queue.push(href);
        }
      }
    }
    for (const n of names) if (body.includes(n)) found.push(`${path}: "${n}"`);
  }
  assert.deepEqual(found, [], 'no name from the demo reaches the board');
  assert.deepEqual(refused, [], 'no link offered to the board is refused');
  assert.ok(pages >= 6, `pages visited: ${pages}`);
  assert.ok(downloads >= 6, `downloads opened: ${downloads}`);
});

test('the figures pages open and hide counts of 1 to 5; every record stays closed', async () => {
  for (const p of ['/reports/annual', '/lado/report', '/private-fostering/report', '/homes/qpag']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
  }
  // The annual report names IROs by number, and draws no chart of a table
  // with a hidden count.
  const annual = await (await get('/reports/annual')).text();
  assert.match(annual, /<td[^>]*>IRO 1<\/td>/);
  assert.match(annual, /No chart: it would show counts under 6/);
  assert.match(annual, /<svg/, 'tables with no hidden count keep their charts');
  // The private fostering report of the demo has small counts: each is a
  // phrase, and its CSV says the same.
  const csv = await (await get('/private-fostering/report.csv')).text();
  assert.match(csv, /fewer than 6/);
  for (const line of csv.split('\n').slice(1)) {
    for (const cell of line.split(',')) assert.doesNotMatch(cell, /^[1-5]$/, `a small count in "${line}"`);
  }
  const ids = {
    child: s.sql('SELECT child_ref FROM child LIMIT 1'),
    lado: s.sql('SELECT id FROM lado_case LIMIT 1'),
    pf: s.sql('SELECT id FROM pf_arrangement LIMIT 1'),
    home: s.sql('SELECT id FROM home LIMIT 1'),
    esc: s.sql('SELECT id FROM escalation LIMIT 1'),
  };
  for (const p of [`/children/${ids.child}`, `/lado/cases/${ids.lado}`, `/private-fostering/${ids.pf}`,
    `/homes/${ids.home}`, `/escalations/${ids.esc}`, '/lado', '/lado/cases', '/private-fostering', '/homes',
    '/children?q=a', '/audit']) {
    assert.equal((await get(p)).status, 403, p);
  }
});

test("the board's QPAG downloads hold the homes' weekly returns, occupancy, staffing and surveys, as figures only", async () => {
  const page = await (await get('/homes/qpag')).text();
  const href = (ext) => page.match(new RegExp(`href="(/homes/qpag\\.${ext}[^"]*)"`))[1].replace(/&amp;/g, '&');
  const recs = csvRecords(await (await get(href('csv'))).text());
  // Blocks: a title, a header and rows, a blank line between.
  const blocks = [];
  let cur = [];
  for (const r of recs) {
    if (r.length === 1 && r[0] === '') { blocks.push(cur); cur = []; } else cur.push(r);
  }
  blocks.push(cur);
  const byTitle = Object.fromEntries(blocks.map((b) => [b[0][0], { header: b[1], rows: b.slice(2) }]));
  for (const t of ['Weekly safeguarding, LADO and complaints returns, by home and week',
    'Occupancy: places used of places registered', 'Staff posts, vacancies and leavers',
    'Surveys of young people and professionals: the latest beside the one before',
    'The latest surveys, question by question', 'Every survey, by home, over time']) {
    assert.ok(byTitle[t], `the board's CSV has "${t}" (it has: ${Object.keys(byTitle).join('; ')})`);
  }
  // The service manager's analysis, complaints' summaries and dip samples'
  // findings are words that can name someone: not the board's.
  assert.deepEqual(byTitle['Weekly safeguarding, LADO and complaints returns, by home and week'].header,
    ['home', 'week_beginning', 'returned_on', 'status', 'safeguarding_concerns', 'lado_referrals', 'complaints']);
  assert.equal(byTitle['Complaints and compliments received in the month'], undefined);
  assert.equal(byTitle['Dip samples and full audits in the month'], undefined);
  // Counts of 1 to 5 are a phrase, in every count column of these tables.
  const weekly = byTitle['Weekly safeguarding, LADO and complaints returns, by home and week'];
  assert.ok(weekly.rows.length > 0, 'the demo month has weekly returns');
  for (const t of [weekly, byTitle['Staff posts, vacancies and leavers'], byTitle['Every survey, by home, over time']]) {
    t.header.forEach((h, k) => {
      if (/percent|_on$|week_beginning|home|survey|status|score/.test(h)) return;
      for (const r of t.rows) assert.doesNotMatch(r[k], /^[1-5]$/, `${h} in "${r.join(',')}"`);
    });
  }
  assert.ok(weekly.rows.some((r) => r.includes('fewer than 6')) ||
    byTitle['Staff posts, vacancies and leavers'].rows.some((r) => r.includes('fewer than 6')), 'a small count is hidden');
  // The workbook has the same tables as sheets, with the same hidden counts.
  const buf = Buffer.from(await (await get(href('xlsx'))).arrayBuffer());
  const cells = xlsxText(buf, 'qpag-board.xlsx');
  assert.match(cells, /Safeguarding concerns/);
  const f = join(dir, 'qpag-board-book.xlsx');
  writeFileSync(f, buf);
  const sheets = [...spawnSync('unzip', ['-p', f, 'xl/workbook.xml'], { encoding: 'utf8' }).stdout
    .matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
  for (const n of ['Weekly returns', 'Occupancy', 'Staffing', 'Surveys', 'Survey questions', 'Surveys over time']) {
    assert.ok(sheets.includes(n), `the board's workbook has the sheet "${n}" (it has: ${sheets.join('; ')})`);
  }
  assert.ok(!sheets.includes('Complaints and compliments') && !sheets.includes('Dip samples and audits'));
});

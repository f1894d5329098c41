// Worklists people can act on (issue 17), in a real browser and by fetch.
// The IRO's home puts the overdue items first (most overdue first, with
// how many days), then what is due today (labelled "Due today", never "due
// soon"), then what is due soon, each row with the link that closes it,
// the count tiles linked to those rows, and the children below; its CSV
// has the same tables. The service dashboard's overdue items name the IRO
// and the days overdue and filter by IRO, locality and item, downloads
// included. The alerts and the LADO cases are paged 50 at a time, sorted
// by any column (aria-sort on the heading), filtered, and the downloads
// keep the filters; LADO cases are found by part of the adult's name
// whatever its case or accents. Every page passes axe and fits 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, browserSession, signIn, signInPage, csvRecords } from './lib.mjs';

let browser, s, overdueRec, todayRec, child;

// The server runs on the real clock: dates are counted from today.
function iso(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

before(async () => {
  browser = await launchBrowser();
  s = await startServer({ children: 80 });
  // Two open recommendations of a child on the test IRO's caseload: one
  // due three days ago (overdue by 3), one due today.
  const [id, ref, given, family, review] = s.sql(`SELECT c.id, c.child_ref, c.given_name, c.family_name, max(r.id)
    FROM child c JOIN allocation a ON a.child_id = c.id AND a.end_date IS NULL AND a.iro_id = ${s.iroId}
    JOIN review r ON r.child_id = c.id
    WHERE EXISTS (SELECT 1 FROM episode e WHERE e.child_id = c.id AND e.end_date IS NULL)
    GROUP BY c.id ORDER BY c.child_ref LIMIT 1`).split('|');
  assert.ok(review, 'a child in care on the test IRO\'s caseload with a review');
  child = { id, ref, name: `${given} ${family}` };
  const add = (text, due) => s.sql(`INSERT INTO recommendation(review_id, child_id, text, owner_role, owner_name, due_on)
    VALUES (${review}, ${id}, '${text}', 'carer', 'Jo Test', '${due}'); SELECT last_insert_rowid();`);
  overdueRec = add('Worklist test: overdue', iso(-3));
  todayRec = add('Worklist test: due today', iso(0));
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const decode = (x) => x.replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, '').replace(/<[^>]*>/g, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  .replace(/\s+/g, ' ').trim();
// Fold as the server does for search and sort: no accents, no capitals.
const fold = (x) => x.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// The rows of the first table of a page, each as its cells' text.
function rows(html) {
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((m) => [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1])));
}
const hrefs = (html, part) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))
  .filter((h) => h.includes(part));

async function fetcher(role) {
  const { cookie } = await signIn(s.base, role);
  return async (path) => {
    const r = await fetch(s.base + path, { headers: { cookie } });
    assert.equal(r.status, 200, `${role} ${path}`);
    return r.text();
  };
}

// CSV blocks (one per table): title, header, records.
function csvBlocks(text) {
  const out = [];
  let cur = [];
  for (const r of csvRecords(text)) {
    if (r.length === 1 && r[0] === '') { out.push(cur); cur = []; } else cur.push(r);
  }
  out.push(cur);
  return out.map((b) => ({ title: b[0][0], header: b[1], rows: b.slice(2) }));
}

async function fits320(page, failures, what) {
  await page.setViewportSize({ width: 320, height: 640 });
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth,
    document.documentElement.clientWidth]);
  if (scroll > client) failures.push(`${what} scrolls sideways at 320 px (${scroll} > ${client})`);
  await page.setViewportSize({ width: 1024, height: 768 });
}

test('the IRO\'s home starts with the overdue items and their actions, then what is due today, then due soon', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    await signInPage(page, 'iro');
    await page.goto('/');
    const main = page.locator('main');
    const overdue = main.getByRole('table', { name: 'Overdue' });
    const today = main.getByRole('table', { name: 'Due today' });
    const children = main.getByRole('table', { name: 'Children and next review' });
    // The worklist is the first table on the page, before the children.
    assert.equal(await main.locator('table caption').first().innerText(), 'Overdue');
    const y = async (l) => (await l.boundingBox()).y;
    assert.ok(await y(overdue) < await y(today), 'overdue before due today');
    assert.ok(await y(today) < await y(children), 'due today before the children');
    const soon = main.getByRole('table', { name: 'Due soon' });
    if (await soon.count()) {
      assert.ok(await y(today) < await y(soon) && await y(soon) < await y(children), 'due soon between');
    }

    // The overdue recommendation: 3 days overdue, with the link that chases it.
    const recPath = (id) => `/children/${encodeURIComponent(child.ref)}/recommendations/${id}`;
    const oRow = overdue.locator('tr', { has: page.locator(`a[href="${recPath(overdueRec)}"]`) });
    assert.equal(await oRow.count(), 1, 'the overdue recommendation is in the overdue rows');
    const oCells = await oRow.locator('td').allInnerTexts();
    assert.equal(oCells[0], child.name);
    assert.equal(oCells[4], 'Overdue');
    assert.equal(oCells[5], '3', 'days overdue');
    assert.match(oCells[6], /^Chase recommendation/);
    // Most overdue first.
    const days = (await overdue.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[5].innerText)))
      .map(Number);
    assert.deepEqual(days, [...days].sort((p, q) => q - p), 'most overdue first');
    // Every overdue row has an action link.
    assert.equal(await overdue.locator('tbody tr').count(), await overdue.locator('tbody tr td:last-child a').count());

    // Due today: its own state, with its link.
    const tRow = today.locator('tr', { has: page.locator(`a[href="${recPath(todayRec)}"]`) });
    assert.equal(await tRow.count(), 1, 'the recommendation due today is in the due today rows');
    const tCells = await tRow.locator('td').allInnerTexts();
    assert.equal(tCells[4], 'Due today');
    assert.match(tCells[5], /^Update recommendation/);
    assert.equal(await today.getByText('Due soon', { exact: true }).count(), 0, 'nothing due today says due soon');

    // The tiles count those rows and link to them.
    const tile = (anchor) => main.locator(`.app-stat a[href="#${anchor}"]`);
    const count = async (anchor) => Number((await tile(anchor).innerText()).trim().split(/\s+/)[0]);
    assert.equal(await count('overdue'), await overdue.locator('tbody tr').count());
    assert.equal(await count('due-today'), await today.locator('tbody tr').count());
    await tile('due-today').click();
    assert.equal(new URL(page.url()).hash, '#due-today');
    assert.ok(await page.locator('#due-today').count() === 1 && await page.locator('#overdue').count() === 1);

    // The action opens the recommendation's own page.
    await oRow.getByRole('link', { name: /^Chase recommendation/ }).click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, recPath(overdueRec));
    await page.goto('/');
    await b.accessible('the IRO\'s home');
    await fits320(page, b.failures, 'the IRO\'s home');

    // The download has the same tables, in the same order, with the same rows.
    const csv = csvBlocks(await (await page.request.get('/my-children.csv')).text());
    assert.deepEqual(csv.map((x) => x.title), ['Overdue', 'Due today', 'Due soon', 'Children and next review']);
    assert.deepEqual(csv[0].header, ['child_name', 'child_id', 'item', 'due', 'status', 'days_overdue']);
    assert.equal(csv[0].rows.length, await overdue.locator('tbody tr').count());
    assert.equal(csv[1].rows.length, await today.locator('tbody tr').count());
    assert.equal(csv[3].rows.length, await children.locator('tbody tr').count());
    assert.ok(csv[0].rows.some((r) => r[1] === child.ref && r[3] === iso(-3) && r[5] === '3'));
    assert.ok(csv[1].rows.some((r) => r[1] === child.ref && r[3] === iso(0) && r[4] === 'Due today'));
    assert.ok(csv[1].rows.every((r) => r[4] === 'Due today'));
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});

// Every page of the service dashboard's overdue items (after q, a query).
async function overdueItems(get, q = '') {
  const out = [];
  for (let page = 1; ; page++) {
    const html = (await get(`/service?${q}${q ? '&' : ''}page=${page}`)).split('id="overdue-items"')[1];
    out.push(...rows(html));
    if (!/rel="next"/.test(html)) return out;
  }
}

test('the service dashboard\'s overdue items name the IRO and the days, and filter by IRO, locality and item', async () => {
  const get = await fetcher('qa-manager');
  const all = await overdueItems(get);
  assert.ok(all.length > 0);
  const iroName = s.sql(`SELECT name FROM iro WHERE id = ${s.iroId}`);
  const mine = all.find((r) => r[0] === child.name && r[3] === 'Review recommendation carried out' && r[5] === '3');
  assert.ok(mine, 'the overdue recommendation is listed');
  assert.equal(mine[2], iroName, 'with the child\'s IRO');
  const q = `iro=${s.iroId}&item=recommendation`;
  const html = await get(`/service?${q}`);
  const some = await overdueItems(get, q);
  assert.ok(some.length > 0 && some.length < all.length);
  for (const r of some) {
    assert.equal(r[2], iroName);
    assert.equal(r[3], 'Review recommendation carried out');
  }
  const days = some.map((r) => Number(r[5]));
  assert.deepEqual(days, [...days].sort((p, q2) => q2 - p), 'most overdue first');
  // The download keeps the filters.
  const link = hrefs(html, '/service.csv')[0];
  assert.match(link, /iro=\d+/);
  assert.match(link, /item=recommendation/);
  const csv = csvBlocks(await get(link));
  const over = csv.find((x) => x.title === 'Every overdue item');
  assert.deepEqual(over.header, ['child_name', 'child_id', 'iro', 'item', 'due', 'days_overdue']);
  assert.equal(over.rows.length, some.length);
  // A locality filters by the child's home locality.
  const loc = s.sql(`SELECT locality_id FROM child WHERE id = ${child.id}`);
  if (loc) {
    const byLoc = await overdueItems(get, `locality=${loc}`);
    const refs = new Set(s.sql(`SELECT child_ref FROM child WHERE locality_id = ${loc}`).split('\n'));
    assert.ok(byLoc.length > 0 && byLoc.every((r) => refs.has(r[1])));
  }
  // Children waiting for an IRO say for how long, in working days.
  const waiting = (await get('/service')).split('Children waiting for an IRO')[1].split('</ul>')[0];
  for (const li of waiting.match(/<li>[\s\S]*?<\/li>/g) || []) {
    assert.match(decode(li), /waiting \d+ working days? since \d+ \w+ \d{4}/);
  }
});

test('the service dashboard\'s overdue items are paged 50 at a time and sorted by a column; the download has them all', async () => {
  const get = await fetcher('qa-manager');
  const part = (html) => html.split('id="overdue-items"')[1];
  const p1 = part(await get('/service'));
  const total = Number(p1.match(/Showing 1 to 50 of (\d+) overdue items/)?.[1]);
  assert.ok(total > 50, `more than a page of overdue items (${total})`);
  assert.equal(rows(p1).length, 50);
  assert.match(p1, /<nav class="govuk-pagination" aria-label="Pages of overdue items">/);
  // The links come back to the list, not the top of the dashboard.
  assert.ok(hrefs(p1, 'page=2').includes('/service?page=2#overdue-items'));
  const last = Math.ceil(total / 50);
  const pl = part(await get(`/service?page=${last}`));
  assert.match(pl, new RegExp(`Showing ${(last - 1) * 50 + 1} to ${total} of ${total} overdue items`));
  assert.doesNotMatch(pl, /rel="next"/);
  // A page past the end is the last page.
  assert.deepEqual(rows(part(await get(`/service?page=${last + 5}`))), rows(pl));
  const all = await overdueItems(get);
  assert.equal(all.length, total);
  assert.equal(new Set(all.map((r) => `${r[1]}|${r[3]}|${r[4]}`)).size, total, 'each item on one page only');
  const days = all.map((r) => Number(r[5]));
  assert.deepEqual(days, [...days].sort((a, b) => b - a), 'most overdue first, across the pages');
  // Sorted by due date, latest first, across pages; the heading says how;
  // the page links keep the sort.
  const up = await overdueItems(get, 'sort=due&order=desc');
  const due = up.map((r) => Date.parse(r[4]));
  assert.deepEqual(due, [...due].sort((a, b) => b - a));
  const sorted = part(await get('/service?sort=due&order=desc'));
  assert.match(sorted, /aria-sort="descending"><a class="govuk-link app-sort" href="\/service\?sort=due&amp;order=asc#overdue-items"/);
  assert.ok(hrefs(sorted, 'page=2').includes('/service?sort=due&order=desc&page=2#overdue-items'));
  // Paging keeps the filters; the download holds every page, in the order asked for.
  const byIro = new Map();
  for (const r of all) byIro.set(r[2], (byIro.get(r[2]) || 0) + 1);
  const [busiest, nBusiest] = [...byIro].filter(([name]) => name !== 'No IRO').sort((a, b) => b[1] - a[1])[0];
  const iroId = s.sql(`SELECT id FROM iro WHERE name = '${busiest.replace(/'/g, "''")}'`).split('\n')[0];
  const f = part(await get(`/service?iro=${iroId}&sort=days_overdue&order=asc`));
  assert.ok(rows(f).length > 0 && rows(f).every((r) => r[2] === busiest));
  assert.ok(hrefs(f, 'sort=child_name').includes(`/service?iro=${iroId}&sort=child_name&order=asc#overdue-items`),
    'the headings keep the filter');
  const pages = hrefs(f, 'page=');
  assert.equal(pages.length > 0, nBusiest > 50);
  for (const h of pages) assert.match(h, new RegExp(`^/service\\?iro=${iroId}&sort=days_overdue&order=asc&page=\\d+#overdue-items$`));
  const link = hrefs(await get('/service?sort=due&order=desc&page=2'), '/service.csv')[0];
  assert.ok(!link.includes('page='), 'a download holds every page');
  const csv = csvBlocks(await get(link)).find((x) => x.title === 'Every overdue item');
  assert.equal(csv.rows.length, total);
  assert.deepEqual(csv.rows.map((r) => Date.parse(`${r[4]}T00:00`)), due, 'the same order (local midnight, as the page\'s dates)');
});

test('alerts are paged 50 at a time, sorted by a column, and filtered; the downloads keep the filters', async () => {
  const get = await fetcher('qa-manager');
  const p1 = await get('/alerts');
  const total = Number(p1.match(/Showing 1 to 50 of (\d+) alerts/)?.[1]);
  assert.ok(total > 50, `more than a page of alerts (${total})`);
  assert.equal(rows(p1).length, 50);
  assert.match(p1, /<nav class="govuk-pagination" aria-label="Pages of alerts">/);
  const p2 = await get('/alerts?page=2');
  assert.match(p2, new RegExp(`Showing 51 to ${Math.min(100, total)} of ${total} alerts`));
  const key = (r) => `${r[1]}|${r[2]}|${r[3]}`;
  const first = new Set(rows(p1).map(key));
  assert.ok(rows(p2).every((r) => !first.has(key(r))), 'page 2 has other alerts than page 1');
  assert.match(p2, /aria-current="page"[^>]*>2</);

  // Sorted by due date, both ways, across pages; the heading says how.
  const due = (html) => rows(html).map((r) => Date.parse(r[3]));
  const a1 = await get('/alerts?sort=due&order=asc');
  const a2 = await get('/alerts?sort=due&order=asc&page=2');
  const up = [...due(a1), ...due(a2)];
  assert.deepEqual(up, [...up].sort((p, q) => p - q), 'earliest first');
  assert.match(a1, /aria-sort="ascending"><a class="govuk-link app-sort" href="\/alerts\?sort=due&amp;order=desc"/);
  const down = due(await get('/alerts?sort=due&order=desc'));
  assert.deepEqual(down, [...down].sort((p, q) => q - p), 'latest first');
  const names = rows(await get('/alerts?sort=child_name&order=asc')).map((r) => fold(r[0]));
  assert.deepEqual(names, [...names].sort(), 'by child\'s name, ignoring case and accents');
  // By status: by urgency (overdue, due today, due soon), not alphabetically.
  const rank = { Overdue: 0, 'Due today': 1, 'Due soon': 2 };
  const st = [...rows(await get('/alerts?sort=status&order=asc')), ...rows(await get('/alerts?sort=status&order=asc&page=2'))]
    .map((r) => rank[r[4]]);
  assert.deepEqual(st, [...st].sort((p, q) => p - q), 'most urgent first');
  assert.equal((a1.match(/aria-sort=/g) || []).length, 1, 'aria-sort on the sorted heading only');
  // The page links keep the sort.
  assert.ok(hrefs(a1, 'page=2').some((h) => h === '/alerts?sort=due&order=asc&page=2'));

  // Filtered to due today: "Due today" only, and the links and downloads keep it.
  const f = await get('/alerts?status=due-today&sort=due&order=desc');
  assert.ok(rows(f).length > 0, 'an alert due today');
  for (const r of rows(f)) assert.equal(r[4], 'Due today');
  const link = hrefs(f, '/alerts.csv')[0];
  assert.equal(link, '/alerts.csv?status=due-today&sort=due&order=desc');
  const csv = csvRecords(await get(link));
  assert.equal(csv.length - 1, Number(f.match(/of (\d+) alerts?/)[1]));
  for (const r of csv.slice(1)) assert.equal(r[4], 'Due today');
  assert.ok(hrefs(f, '/alerts.xlsx')[0].includes('status=due-today'));
  const ov = await get('/alerts?status=overdue&page=2');
  for (const r of rows(ov)) assert.equal(r[4], 'Overdue');
  assert.ok(hrefs(ov, 'page=1').every((h) => h.includes('status=overdue')), 'paging keeps the filter');
  assert.ok(!hrefs(ov, '/alerts.csv')[0].includes('page='), 'a download holds every page');
});

test('LADO cases are paged, sorted and found by part of the adult\'s name whatever its case or accents', async () => {
  const get = await fetcher('lado');
  const p1 = await get('/lado/cases?show=all');
  const total = Number(s.sql('SELECT count(*) FROM lado_case'));
  assert.ok(total > 600);
  assert.match(p1, new RegExp(`Showing 1 to 50 of ${total} cases`));
  const ids = (html) => rows(html).map((r) => r[0]);
  const p2 = await get('/lado/cases?show=all&page=2');
  assert.equal(ids(p2).length, 50);
  assert.ok(ids(p2).every((id) => !ids(p1).includes(id)), 'page 2 has other cases than page 1');
  const last = Math.ceil(total / 50);
  assert.equal(ids(await get(`/lado/cases?show=all&page=${last}`)).length, total - 50 * (last - 1));

  // Sorted by the adult's name, and by case number the other way.
  const adults = [...rows(await get('/lado/cases?show=all&sort=adult&order=asc')),
    ...rows(await get('/lado/cases?show=all&sort=adult&order=asc&page=2'))].map((r) => fold(r[2]));
  assert.deepEqual(adults, [...adults].sort(), 'A to Z across pages');
  const byId = ids(await get('/lado/cases?show=all&sort=case_id&order=desc')).map(Number);
  assert.deepEqual(byId, [...byId].sort((p, q) => q - p));
  assert.equal(byId[0], Number(s.sql('SELECT max(id) FROM lado_case')));

  // Search: an adult whose name has an accent, by part of it in capitals
  // without the accent, finds every case about them (repeat referrals).
  const name = s.sql("SELECT adult_name FROM lado_case WHERE adult_name GLOB '*[^ -~]*' ORDER BY id LIMIT 1");
  assert.ok(name, 'a name with an accent in the demo');
  const family = name.split(' ').pop();
  const typed = fold(family).slice(0, 4).toUpperCase();
  const want = s.sql('SELECT id, adult_name, employer FROM lado_case').split('\n').map((l) => l.split('|'))
    .filter(([, a, e]) => fold(a).includes(fold(typed)) || fold(e).includes(fold(typed))).map(([id]) => id);
  assert.ok(want.length > 1, 'repeat referrals');
  const found = await get(`/lado/cases?show=all&q=${encodeURIComponent(` ${typed} `)}`);
  assert.match(found, new RegExp(`${want.length} cases? about an adult or employer matching`));
  const shown = rows(found);
  assert.ok(shown.some((r) => r[2] === name), `${typed} finds ${name}`);
  if (want.length <= 50) assert.deepEqual(ids(found).sort(), [...want].sort());
  // The download keeps the search and the filter, and holds every match.
  const link = hrefs(found, '/lado/cases.csv')[0];
  assert.match(link, /show=all/);
  assert.match(link, new RegExp(`q=(%20)?${typed}`));
  assert.equal(csvRecords(await get(link)).length - 1, want.length);
  assert.match(await get('/lado/cases?show=all&q=zzqqxx'), /No case matches/);
});

test('the lists pass axe and fit 320 px', async () => {
  const b = await browserSession(browser, s.base);
  const { page } = b;
  try {
    for (const [role, paths] of [['qa-manager', ['/service', '/service?item=recommendation', '/alerts?page=2&sort=due&order=desc']],
      ['lado', ['/lado/cases?show=all&page=3&sort=adult&order=asc', '/lado/cases?show=all&q=ahmed']],
      ['iro', ['/alerts']]]) {
      await page.context().clearCookies();
      await signInPage(page, role);
      for (const p of paths) {
        await page.goto(p);
        await b.accessible(`${role} ${p}`);
        await fits320(page, b.failures, `${role} ${p}`);
      }
    }
  } finally {
    await b.context.close();
  }
  assert.deepEqual(b.failures, []);
});


// An IRO covering more colleagues than the home has tables for (eight) is
// told about the rest, never shown a home quietly short of them.
test('an IRO covering nine colleagues sees eight tables and a sentence about the ninth', async () => {
  const t = await startServer();
  try {
    const before = Number(t.sql('SELECT count(*) FROM iro'));
    const ids = t.sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
      INSERT INTO iro(name) SELECT 'Cover Test ' || i FROM n;
      INSERT INTO iro_cover(covering_iro_id, absent_iro_id, from_date, to_date, created_by, created_at)
        SELECT ${t.iroId}, id, '${iso(-1)}', '${iso(5)}', 'test', '${iso(-1)}T09:00:00Z' FROM iro WHERE name LIKE 'Cover Test %';
      SELECT count(*) FROM iro_cover WHERE covering_iro_id = ${t.iroId} AND withdrawn_at IS NULL;`);
    assert.equal(Number(t.sql('SELECT count(*) FROM iro')), before + 9);
    assert.equal(Number(ids), 9);
    const { cookie } = await signIn(t.base, 'iro');
    const home = await (await fetch(t.base + '/', { headers: { cookie } })).text();
    const covering = [...home.matchAll(/id="covering-(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(covering, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.match(home, /You also cover 1 more IRO, whose children are not listed here/);
  } finally {
    await t.stop();
  }
});

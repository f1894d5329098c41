// The crawl of every page a role can reach, for every_page.test.mjs: from
// a few seed pages, every link to one of our own pages is followed, one page
// of each kind per role, and up to PER_KIND of each kind of detail page
// whichever role reaches them. The test makes all its checks on a page
// while it is loaded: crawling every page of every role takes a minute or
// more, too long to do again for each check.

// A child placed in unregistered provision, allocated to the test IRO, so
// the unregistered lists and the child's page about it have a row (the
// server is started with it: startServer({ extraSql })).
export const CHILD_IN_UNREGISTERED_PROVISION = `
INSERT INTO child(child_ref, given_name, family_name, dob, sex, ethnicity, locality_id)
 VALUES ('900101', 'Ruby', 'Ashdown', date('now', 'localtime', '-14 years'), 'F', 'WBRI', (SELECT min(id) FROM locality));
INSERT INTO episode(child_id, start_date, rne, legal_status, cin, placement, provider, registration)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), date('now', 'localtime', '-20 days'),
         'S', 'C2', 'N1', 'K2', 'PR4', 'unregistered');
INSERT INTO allocation(child_id, iro_id, start_date, reason)
 VALUES ((SELECT id FROM child WHERE child_ref = '900101'), (SELECT iro_id FROM users WHERE username = 't-iro'),
         date('now', 'localtime', '-20 days'), 'new');
`;

// Pages a menu does not link to but people reach by a form; the child
// above's own page, which might otherwise not be among the few children's
// pages loaded; and the audit log.
export const SEEDS = ['/', '/children?q=a', '/escalations?show=all', '/children/900101/unregistered', '/children/900101',
  '/audit'];

// One page of each kind: a path segment with a digit is an ID, and the
// query's parameter names (not their values) make a different kind.
export function kind(url) {
  const u = new URL(url);
  const path = u.pathname.split('/').map((s) => (/\d/.test(s) ? '{}' : s)).join('/');
  const names = [...new Set(u.searchParams.keys())].sort().join('&');
  return names ? `${path}?${names}` : path;
}

// A kind of page with an ID in it: a child, an IRO, an escalation, ...
export const isDetail = (k) => k.includes('{}');

// Links to follow: our own pages, not downloads, assets or signing out.
export function followable(href, base) {
  if (!href.startsWith(base)) return false;
  const u = new URL(href);
  if (/\.(csv|xlsx|json|zip|xml|pdf|txt)$/.test(u.pathname)) return false;
  if (u.searchParams.has('format') || u.searchParams.has('download')) return false;
  return !/^\/(assets|healthz|metrics|logout|login|password)(\/|$)/.test(u.pathname);
}

// A few of each kind of detail page (records differ: closed or open, with
// or without a history), each seen once whichever role reaches it.
export const PER_KIND = 3;

// A crawler for one server, to be run once for each role in turn; what it
// knows of the detail pages seen carries from one role to the next.
// crawl(page, base, { beforeLoad, onPage }), with page signed in as the
// role, calls beforeLoad(page, { url, kind, first }) before loading each
// page and onPage(page, { url, path, kind, first }) once it has loaded
// (200, HTML, ours); it returns the number of pages loaded. first says the
// page is the first of its kind loaded: for the role, or for a detail page
// for any role. It is false after a redirect to a page of another kind.
export function crawler() {
  const detailsSeen = new Map(); // kind → pages of it loaded
  const firstSeen = new Set(); // detail kinds loaded with first
  return async function crawl(page, base, { beforeLoad, onPage }) {
    const seen = new Set();
    const queue = SEEDS.map((p) => base + p);
    let visited = 0;
    const done = new Set();
    while (queue.length) {
      const url = queue.shift();
      if (done.has(url)) continue;
      done.add(url);
      const k = kind(url);
      const detail = isDetail(k);
      if (detail ? (detailsSeen.get(k) || 0) >= PER_KIND : seen.has(k)) continue;
      seen.add(k);
      let first = !detail || !firstSeen.has(k);
      if (beforeLoad) await beforeLoad(page, { url, kind: k, first });
      const r = await page.goto(url);
      if (!r || r.status() !== 200 || !page.url().startsWith(base)) continue;
      if (!(r.headers()['content-type'] || '').startsWith('text/html')) continue;
      if (detail) detailsSeen.set(k, (detailsSeen.get(k) || 0) + 1);
      first &&= kind(page.url()) === k;
      if (first && detail) firstSeen.add(k);
      visited++;
      await onPage(page, { url, path: url.slice(base.length), kind: k, first });
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href.split('#')[0]));
      for (const href of links) {
        if (!followable(href, base) || done.has(href)) continue;
        const hk = kind(href);
        if (isDetail(hk) ? (detailsSeen.get(hk) || 0) < PER_KIND : !seen.has(hk)) queue.push(href);
      }
    }
    return visited;
  };
}

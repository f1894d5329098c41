// Find a child as people type (issue 17): accents and case ignored ("Sian"
// finds "Siân"), spaces trimmed, "family, given" and "given family" both
// work, and part of an ID finds the child; the child whose whole ID was
// typed comes first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from './lib.mjs';

let s, admin;
before(async () => {
  s = await startServer({
    children: 10,
    extraSql: `INSERT INTO child(child_ref, given_name, family_name, dob, sex) VALUES
      ('990021', 'Siân', 'O''Brien', '2015-03-27', 'F'), ('7990021', 'Aaron', 'Aardvark', '2014-01-01', 'M');`,
  });
  admin = await signIn(s.base, 'admin');
});
after(async () => { await s?.stop(); });

async function names(q) {
  const r = await fetch(`${s.base}/children?q=${encodeURIComponent(q)}`, { headers: { cookie: admin.cookie } });
  assert.equal(r.status, 200);
  const html = await r.text();
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<a class="govuk-link" href="\/children\/[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
}

test('search ignores accents, case, spaces, commas and word order, and finds part of an ID', async () => {
  const sian = 'Siân O&#39;Brien';
  for (const q of ['Sian', 'SIÂN', '  sian   ', "O'Brien, Sian", "sian o'brien", "o'brien sian", "o'bri"]) {
    assert.ok((await names(q)).includes(sian), `"${q}" finds Siân O'Brien`);
  }
  assert.deepEqual(await names('Sian Smith'), [], 'every word must match');
  assert.ok((await names('99002')).includes(sian), 'part of an ID');
  // The whole ID first, before a child whose ID only contains it (and whose
  // family name sorts first).
  const both = await names('990021');
  assert.deepEqual(both.slice(0, 2), [sian, 'Aaron Aardvark']);
});

// A search longer than the box holds is refused with the field named, never
// cut to a shorter name that could find somebody else.
test('a search too long for the box is refused, naming the field, not cut', async () => {
  const long = 'a'.repeat(127) + 'Sian';
  const r = await fetch(`${s.base}/children?q=${encodeURIComponent(long)}`, { headers: { cookie: admin.cookie } });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /govuk-error-summary/);
  assert.match(html, /Child&#39;s ID or name must be 127 characters or fewer/);
  assert.doesNotMatch(html, /<tbody/, 'no results from a cut search');
  const ok = await fetch(`${s.base}/children?q=${encodeURIComponent('a'.repeat(127))}`, { headers: { cookie: admin.cookie } });
  assert.equal(ok.status, 200, '127 characters fit');
  const csv = await fetch(`${s.base}/children.csv?q=${encodeURIComponent(long)}`, { headers: { cookie: admin.cookie } });
  assert.equal(csv.status, 400, 'the download refuses it too');
});

test('a LADO search too long for its box is refused, naming the field, and lists no case', async () => {
  const lado = await signIn(s.base, 'lado');
  const long = 'b'.repeat(200);
  const r = await fetch(`${s.base}/lado/cases?show=all&q=${long}`, { headers: { cookie: lado.cookie } });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /Adult&#39;s name or employer must be 199 characters or fewer/);
  assert.doesNotMatch(html, /href="\/lado\/cases\/\d+"/, 'no case listed for a search not made');
  const csv = await fetch(`${s.base}/lado/cases.csv?show=all&q=${long}`, { headers: { cookie: lado.cookie } });
  assert.equal(csv.status, 400);
  const ok = await fetch(`${s.base}/lado/cases?show=all&q=${'b'.repeat(199)}`, { headers: { cookie: lado.cookie } });
  assert.equal(ok.status, 200, '199 characters fit');
});

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

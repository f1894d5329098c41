import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from './lib.mjs';

test('server answers healthz, and an IRO can sign in and see their children', async () => {
  const s = await startServer();
  try {
    assert.equal(await (await fetch(s.base + '/healthz')).text(), 'ok\n');
    const { cookie } = await signIn(s.base, 'iro');
    const home = await (await fetch(s.base + '/', { headers: { cookie } })).text();
    assert.match(home, /<h1 class="govuk-heading-l">My children<\/h1>/);
  } finally {
    await s.stop();
  }
});

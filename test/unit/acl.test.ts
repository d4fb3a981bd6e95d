// ACL engine units: selector argument merging, password hashing, GENPASS lengths, rule
// descriptions re-derived from command bits, key and channel checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server } from '../../src/server/server.js';
import { ACL_DENIED_CHANNEL, ACL_DENIED_CMD, ACL_DENIED_KEY, ACL_OK, Acl, hashPassword, mergeSelectorArgs } from '../../src/server/acl.js';

test('mergeSelectorArgs joins parenthesized selectors and reports unmatched ones', () => {
  assert.deepEqual(mergeSelectorArgs(['on', '(+get', '~x)', '(+set)', '~y']), ['on', '(+get ~x)', '(+set)', '~y']);
  assert.equal(mergeSelectorArgs(['on', '(+get', '~x']), 1);
  assert.deepEqual(mergeSelectorArgs([]), []);
});

test('passwords are stored as SHA-256 hex of their bytes', () => {
  assert.equal(hashPassword('pw'), '30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4');
  assert.equal(hashPassword(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('GENPASS returns ceil(bits/4) hex characters', () => {
  for (const bits of [1, 4, 5, 255, 256, 4096]) {
    const p = Acl.genpass(bits);
    assert.equal(p.length, Math.floor((bits + 3) / 4));
    assert.match(p, /^[0-9a-f]*$/);
  }
});

test('rules, descriptions and checks', () => {
  const server = new Server({ port: 0 });
  const acl = server.acl;
  const spec = (name: string) => server.table.lookupArgv(name.split(' '))!;
  assert.equal(acl.setUser('u', ['on', '+@all', '-get', '+get', '~a*', '%R~b*', '&c*']), null);
  const u = acl.users.get('u')!;
  assert.equal(u.describe(acl.table), 'on ~a* %R~b* resetchannels &c* +@all');
  assert.equal(u.unrestricted, false);
  const pos = [0];
  assert.equal(acl.checkCommand(u, spec('get'), ['get', 'a1'], pos), ACL_OK);
  assert.equal(acl.checkCommand(u, spec('get'), ['get', 'b1'], pos), ACL_OK);
  assert.equal(acl.checkCommand(u, spec('set'), ['set', 'b1', 'v'], pos), ACL_DENIED_KEY);
  assert.equal(pos[0], 1);
  assert.equal(acl.checkCommand(u, spec('publish'), ['publish', 'c1', 'm'], pos), ACL_OK);
  assert.equal(acl.checkCommand(u, spec('publish'), ['publish', 'd', 'm'], pos), ACL_DENIED_CHANNEL);
  // Patterns are compared literally by PSUBSCRIBE.
  assert.equal(acl.checkCommand(u, spec('psubscribe'), ['psubscribe', 'c*'], pos), ACL_OK);
  assert.equal(acl.checkCommand(u, spec('psubscribe'), ['psubscribe', 'c1*'], pos), ACL_DENIED_CHANNEL);
  assert.equal(acl.setUser('v', ['-@all', '+select|0', '+config|get']), null);
  const v = acl.users.get('v')!;
  assert.equal(v.root.describeCommands(acl.table), '-@all +select|0 +config|get');
  assert.equal(acl.checkCommand(v, spec('select'), ['select', '0'], pos), ACL_OK);
  assert.equal(acl.checkCommand(v, spec('select'), ['select', '1'], pos), ACL_DENIED_CMD);
  assert.equal(acl.checkCommand(v, spec('config get'), ['config', 'get', 'x'], pos), ACL_OK);
  assert.equal(acl.checkCommand(v, spec('config set'), ['config', 'set', 'x', 'y'], pos), ACL_DENIED_CMD);
  // A failed SETUSER leaves the user untouched.
  assert.match(acl.setUser('v', ['+get', '+nosuch']) ?? '', /Unknown command/);
  assert.equal(v.root.describeCommands(acl.table), '-@all +select|0 +config|get');
  assert.equal(acl.setUser('default', ['reset']), null);
  assert.equal(acl.defaultUser.describe(acl.table), 'off sanitize-payload resetchannels -@all');
  assert.equal(acl.authRequired(), true);
});

// Coverage part of the harness: metadata comparison logic, and (with the oracle) the bar
// of issue #3: every command tsredis declares carries real Redis's metadata (arity, flags,
// key positions, ACL categories, group, since). A failure lists each differing command;
// the fix belongs in that command's group file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRedis, NO_REDIS_MESSAGE, startRedis } from '../helpers.js';
import { Conn } from '../../scripts/compat/conn.js';
import { coverage, diffMeta, formatMarkdown, formatTable, groupLines, type CmdMeta } from '../../scripts/compat/coverage.js';

const base: CmdMeta = { name: 'get', group: 'string', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], acl: ['@read', '@string', '@fast'], since: '1.0.0' };

test('diffMeta reports each differing field and ignores flag/category order', () => {
  assert.deepEqual(diffMeta({ ...base, flags: ['fast', 'readonly'], acl: ['@fast', '@string', '@read'] }, base, undefined), []);
  const d = diffMeta({ ...base, arity: -2, flags: ['readonly'], keys: [1, -1, 1], acl: ['@read'], group: 'generic', since: '2.0.0' }, base, undefined);
  assert.equal(d.length, 6, d.join('\n'));
  assert.match(d[0]!, /^arity -2 \(redis 2\)$/);
  const withSpecs = diffMeta(base, { ...base, keySpecs: '[1]', tips: '[]' }, { ...base, keySpecs: '[2]', tips: '[]' });
  assert.deepEqual(withSpecs, ['key specs [2] (redis [1])']);
});

test('every command tsredis declares has real Redis metadata', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const redis = await startRedis();
  const conn = await Conn.connect(redis.port, 'redis');
  try {
    const rep = await coverage(conn, null, '7');
    assert.ok(rep.rows.length > 300, 'the oracle reports its whole command table');
    const table = formatTable(rep);
    assert.match(table, /^string\s+\d+\/22\s/m);
    assert.match(formatMarkdown(rep, ''), /\| \*\*total\*\* \|/);
    assert.ok(groupLines(rep).some((g) => g.group === 'generic'));
    const diffs = rep.rows.filter((r) => r.status === 'diff').map((r) => `${r.name}: ${r.diffs.join('; ')}`);
    assert.deepEqual(diffs, [], `metadata differs from redis COMMAND INFO / COMMAND DOCS:\n${diffs.join('\n')}`);
    const extra = rep.extra.map((m) => m.name).filter((n) => n !== 'client|setinfo');
    assert.deepEqual(extra, [], 'tsredis declares commands Redis 7.0 does not have');
  } finally {
    conn.close();
    await redis.close();
  }
});

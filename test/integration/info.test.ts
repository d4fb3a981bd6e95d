// INFO against the oracle: the same sections in the same order with the same field names
// (tsredis adds only tsredis_version), exact bytes where the content is deterministic,
// RESP3 verbatim framing, and real counters (clients, dirty, hits, errors, commandstats).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, sharedPair, bulkText } from '../helpers.js';

/** Section title → field names, in order. */
function sections(reply: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const line of bulkText(reply).split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = [];
      out.set(line.slice(2), cur);
    } else if (line !== '' && cur !== null) {
      cur.push(line.slice(0, line.indexOf(':')));
    }
  }
  return out;
}

/** Field → value map of an INFO reply. */
function fields(reply: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of bulkText(reply).split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

const oracle = sharedPair({ standalone: {} });

oracle.test('INFO sections and field names match the oracle', async (pair) => {
  // Run a few commands so commandstats/errorstats/latencystats/keyspace are non-empty.
  await pair.both('SET', 'k', 'v');
  await pair.both('GET', 'nokey');
  await pair.both('CLIENT', 'ID');
  await pair.both('SWAPDB', 'x', '0');
  for (const arg of [[], ['all'], ['everything'], ['default'], ['keyspace', 'server'], ['CPU', 'memory', 'stats'], ['commandstats'], ['errorstats', 'cluster', 'modules']]) {
    const [a, b] = await pair.both('INFO', ...arg);
    const sa = sections(a);
    const sb = sections(b);
    assert.deepEqual([...sa.keys()], [...sb.keys()], `sections of INFO ${arg.join(' ')}`);
    for (const [name, names] of sb) {
      let mine = sa.get(name)!;
      if (name === 'Server') mine = mine.filter((f) => f !== 'tsredis_version');
      // Command lists depend on each server's history; check the naming pattern only.
      if (name === 'Commandstats' || name === 'Latencystats') continue;
      assert.deepEqual(mine, names, `fields of section ${name} (INFO ${arg.join(' ')})`);
    }
  }
});

oracle.test('INFO exact replies where deterministic, RESP2 and RESP3', async (pair) => {
  for (const resp of ['2', '3']) {
    await pair.both('HELLO', resp);
    for (const arg of [['bogus'], ['cluster'], ['modules'], ['cluster', 'bogus'], ['Cluster', 'CLUSTER']]) {
      const [a, b] = await pair.both('INFO', ...arg);
      assert.equal(a, b, `INFO ${arg.join(' ')} RESP${resp}`);
    }
    const [a, b] = await pair.both('INFO', 'server');
    assert.equal(a[0], b[0], 'reply type');
    if (resp === '3') assert.match(a, /^=\d+\r\ntxt:# Server\r\n/);
  }
  await pair.both('HELLO', '2');
});

oracle.test('INFO keyspace counts keys and expires per db', async (pair) => {
  await pair.both('FLUSHALL');
  await pair.both('SET', 'a', '1');
  await pair.both('SET', 'b', '1');
  await pair.both('EXPIRE', 'b', '100');
  await pair.both('SELECT', '3');
  await pair.both('SET', 'c', '1');
  await pair.both('SELECT', '0');
  const [a, b] = await pair.both('INFO', 'keyspace');
  const strip = (s: string): string => bulkText(s).replace(/,avg_ttl=\d+/g, '');
  assert.equal(strip(a), strip(b));
  assert.equal(strip(a), '# Keyspace\r\ndb0:keys=2,expires=1\r\ndb3:keys=1,expires=0\r\n');
});

test('INFO reports real counters', async () => {
  const c1 = await RawClient.connect(oracle.ts.port);
  const c2 = await RawClient.connect(oracle.ts.port);
  try {
    const before = fields(await c1.call('INFO', 'everything'));
    assert.equal(before.get('redis_version'), '7.0.15');
    assert.ok(before.has('tsredis_version'));
    assert.equal(before.get('connected_clients'), '2');
    assert.equal(before.get('process_id'), String(process.pid));
    assert.equal(before.get('tcp_port'), String(oracle.ts.port));
    assert.equal(before.get('run_id')!.length, 40);
    assert.equal(before.get('loading'), '0');
    assert.equal(before.get('role'), 'master');
    assert.ok(Number(before.get('used_memory')) > 0);
    assert.ok(Number(before.get('used_memory_rss')) > 0);
    await c1.call('SET', 'x', '1');
    await c1.call('GET', 'x');
    await c1.call('GET', 'nosuchkey');
    await c1.call('CLIENT', 'ID');
    await c1.call('NOSUCHCOMMAND');
    await c2.call('CLIENT', 'SETNAME', 'has space');
    const now = fields(await c1.call('INFO', 'everything'));
    const d = (k: string): number => Number(now.get(k)) - Number(before.get(k) ?? 0);
    assert.equal(d('rdb_changes_since_last_save'), 1);
    assert.equal(d('keyspace_hits'), 1);
    assert.equal(d('keyspace_misses'), 1);
    assert.equal(d('total_error_replies'), 2);
    assert.equal(now.get('errorstat_ERR'), 'count=2');
    assert.match(now.get('cmdstat_client|id')!, /^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0$/);
    assert.match(now.get('cmdstat_client|setname')!, /^calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=1$/);
    assert.match(now.get('latency_percentiles_usec_get')!, /^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
    assert.equal(now.get('db0'), 'keys=1,expires=0,avg_ttl=0');
    assert.ok(d('total_commands_processed') >= 6);
    assert.ok(d('total_connections_received') === 0);
  } finally {
    c1.close();
    c2.close();
  }
});

oracle.test('INFO latencystats is empty while latency-tracking is off', async (pair) => {
  try {
    await pair.both('GET', 'x');
    await pair.both('CONFIG', 'SET', 'latency-tracking', 'no');
    const [a, b] = await pair.both('INFO', 'latencystats');
    assert.equal(a, b);
    assert.equal(a, '$16\r\n# Latencystats\r\n\r\n');
  } finally {
    await pair.both('CONFIG', 'SET', 'latency-tracking', 'yes');
  }
});

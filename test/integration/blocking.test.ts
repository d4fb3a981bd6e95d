// Blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) and the generic
// blocking-on-keys machinery (server/blocking.ts), played as multi-client scenarios on
// tsredis and on real Redis 7.0 with the transcripts compared byte for byte: FIFO order of
// waiters, several keys, chains (BLMOVE feeding a BLPOP), timeouts, CLIENT UNBLOCK,
// disconnects, DEL/FLUSHALL/SET while blocked, MULTI/EXEC, SWAPDB, RENAME/MOVE, other dbs,
// pipelined input behind a blocked command, INFO/CLIENT LIST; then tsredis-only checks
// (propagation of served commands, ioredis).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, sleep, withServers, withTsredis, encodeCommand } from '../helpers.js';

/** Poll INFO clients over `ctl` until `n` clients are blocked. */
async function blockedCount(ctl: RawClient, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  const want = `\r\nblocked_clients:${n}\r\n`;
  while (!(await ctl!.call('INFO', 'clients')).includes(want)) {
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${n} blocked clients`);
    await sleep(5);
  }
}

type Scenario = (port: number, out: string[]) => Promise<void>;

/** Connect n clients; run fn; close them. */
async function withClients(port: number, n: number, fn: (cs: RawClient[]) => Promise<void>): Promise<void> {
  const cs: RawClient[] = [];
  for (let i = 0; i < n; i++) cs.push(await RawClient.connect(port));
  try {
    await fn(cs);
  } finally {
    for (const c of cs) c.close();
  }
}

function send(c: RawClient, ...args: string[]): void {
  c.write(encodeCommand(args));
}

const SCENARIOS: Record<string, Scenario> = {
  'FIFO order of waiters on one key, several pushes': async (port, out) => {
    await withClients(port, 5, async ([ctl, a, b, c, p]) => {
      await ctl!.call('FLUSHALL');
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      send(b!, 'BRPOP', 'k', '0');
      await blockedCount(ctl!, 2);
      send(c!, 'BLPOP', 'k', 'other', '0');
      await blockedCount(ctl!, 3);
      out.push(await p!.call('RPUSH', 'k', '1', '2'));
      out.push(await a!.readReply(), await b!.readReply());
      out.push(await ctl!.call('EXISTS', 'k'));
      await blockedCount(ctl!, 1);
      out.push(await p!.call('LPUSH', 'other', 'o1', 'o2'));
      out.push(await c!.readReply());
      out.push(await p!.call('LRANGE', 'other', '0', '-1'));
    });
  },
  'first non-empty key wins, then blocking on several keys': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      await p!.call('RPUSH', 'b', 'x', 'y');
      out.push(await a!.call('BLPOP', 'a', 'b', 'c', '0'));
      out.push(await a!.call('BRPOP', 'a', 'b', '0'));
      send(a!, 'BLPOP', 'a', 'b', 'c', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'c', 'z'));
      out.push(await a!.readReply());
      // Several keys filled by one command (MSET-like via MULTI): signalled order wins.
      send(a!, 'BLPOP', 'a', 'b', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('MULTI'), await p!.call('RPUSH', 'b', 'b1'), await p!.call('RPUSH', 'a', 'a1'), await p!.call('EXEC'));
      out.push(await a!.readReply());
      out.push(await p!.call('LRANGE', 'a', '0', '-1'), await p!.call('LRANGE', 'b', '0', '-1'));
    });
  },
  'BLMOVE feeds a BLPOP in the same pass; BRPOPLPUSH; rotation': async (port, out) => {
    await withClients(port, 4, async ([ctl, a, b, p]) => {
      await ctl!.call('FLUSHALL');
      send(a!, 'BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0');
      await blockedCount(ctl!, 1);
      send(b!, 'BLPOP', 'dst', '0');
      await blockedCount(ctl!, 2);
      out.push(await p!.call('RPUSH', 'src', 'e1', 'e2'));
      out.push(await a!.readReply(), await b!.readReply());
      out.push(await p!.call('LRANGE', 'src', '0', '-1'), await p!.call('EXISTS', 'dst'));
      send(a!, 'BRPOPLPUSH', 'q', 'q', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'q', 'r1'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'q', '0', '-1'));
      out.push(await a!.call('BLMOVE', 'q', 'q', 'LEFT', 'RIGHT', '0'));
      // The destination holds another type when the source fills: WRONGTYPE, unblocked.
      await p!.call('SET', 'str', 'v');
      send(a!, 'BLMOVE', 'w', 'str', 'LEFT', 'LEFT', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'w', 'x'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'w', '0', '-1'));
      await blockedCount(ctl!, 0);
    });
  },
  'BLMPOP with COUNT, LEFT and RIGHT, served and at once': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      await p!.call('RPUSH', 'l2', '1', '2', '3', '4');
      out.push(await a!.call('BLMPOP', '0', '2', 'l1', 'l2', 'RIGHT', 'COUNT', '3'));
      out.push(await a!.call('BLMPOP', '0', '2', 'l1', 'l2', 'LEFT', 'COUNT', '9'));
      send(a!, 'BLMPOP', '0', '2', 'l1', 'l2', 'LEFT', 'COUNT', '2');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'l2', 'a', 'b', 'c'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'l2', '0', '-1'));
      send(a!, 'BLMPOP', '0', '1', 'l1', 'RIGHT');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'l1', 'x', 'y'));
      out.push(await a!.readReply());
    });
  },
  'timeouts in RESP2 and RESP3, pipelined commands wait behind a blocked one': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      for (const cmd of [['BLPOP', 'k', '0.02'], ['BRPOP', 'k', 'j', '0.01'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.01'], ['BRPOPLPUSH', 'k', 'd', '0.01'], ['BLMPOP', '0.01', '1', 'k', 'LEFT']]) {
        out.push(await a!.call(...cmd));
      }
      out.push((await a!.call('HELLO', '3')).slice(0, 1));
      for (const cmd of [['BLPOP', 'k', '0.01'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0.01'], ['BLMPOP', '0.01', '1', 'k', 'LEFT']]) {
        out.push(await a!.call(...cmd));
      }
      out.push((await a!.call('HELLO', '2')).slice(0, 1));
      a!.write(Buffer.concat([encodeCommand(['BLPOP', 'k', '0']), encodeCommand(['PING']), encodeCommand(['LLEN', 'k'])]));
      await blockedCount(ctl!, 1);
      out.push(await p!.call('LPUSH', 'k', 'v1', 'v2'));
      out.push(await a!.readReply(), await a!.readReply(), await a!.readReply());
      for (const bad of ['x', '-1', '', 'inf', '1e400', 'nan', ' 1', '0x10']) {
        out.push(await a!.call('BLPOP', 'k', bad));
      }
      out.push(await a!.call('BLMPOP', 'x', '0', 'k', 'LEFT'), await a!.call('BLMPOP', 'x', '1', 'k', 'LEFT'));
      out.push(await a!.call('BLMOVE', 'k', 'd', 'UP', 'LEFT', 'x'), await a!.call('BLMOVE', 'k', 'd', 'LEFT', 'LEFT', 'x'));
      out.push(await a!.call('BRPOPLPUSH', 'k', 'd', '-1'));
    });
  },
  'CLIENT UNBLOCK, disconnects, DEL/FLUSHALL/SET while blocked, wrong types': async (port, out) => {
    await withClients(port, 4, async ([ctl, a, b, p]) => {
      await ctl!.call('FLUSHALL');
      const id = (await a!.call('CLIENT', 'ID')).slice(1, -2);
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      out.push(await ctl!.call('CLIENT', 'UNBLOCK', id, 'TIMEOUT'), await a!.readReply());
      send(a!, 'BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0');
      await blockedCount(ctl!, 1);
      out.push(await ctl!.call('CLIENT', 'UNBLOCK', id, 'ERROR'), await a!.readReply());
      out.push(await ctl!.call('CLIENT', 'UNBLOCK', id));
      // A waiter that disconnects is skipped.
      send(b!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 2);
      b!.close();
      await blockedCount(ctl!, 1);
      // DEL, FLUSHALL and a value of another type do not wake it.
      out.push(await p!.call('DEL', 'k'), await p!.call('FLUSHALL'), await p!.call('SET', 'k', 'str'), await p!.call('HSET', 'k2', 'f', 'v'));
      out.push(await ctl!.call('EXISTS', 'k'));
      out.push(await p!.call('DEL', 'k'), await p!.call('RPUSH', 'k', 'finally'));
      out.push(await a!.readReply());
      out.push(await a!.call('BLPOP', 'k2', '0'), await a!.call('BLMPOP', '0', '1', 'k2', 'LEFT'), await a!.call('BLMOVE', 'k2', 'x', 'LEFT', 'LEFT', '0'));
    });
  },
  'MULTI/EXEC: no blocking inside, waiters served after EXEC': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      for (const cmd of [['MULTI'], ['BLPOP', 'k', '0'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'k', 'd', '0'], ['BLMPOP', '0', '1', 'k', 'LEFT'], ['EXEC']]) {
        out.push(await p!.call(...cmd));
      }
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      // Pushed and popped within one EXEC: the waiter keeps waiting.
      out.push(await p!.call('MULTI'), await p!.call('LPUSH', 'k', 'a'), await p!.call('LPOP', 'k'), await p!.call('EXEC'));
      out.push(await ctl!.call('INFO', 'clients').then((s) => s.match(/blocked_clients:\d+/)![0]));
      out.push(await p!.call('MULTI'), await p!.call('LPUSH', 'k', 'a', 'b'), await p!.call('LLEN', 'k'), await p!.call('EXEC'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'k', '0', '-1'));
    });
  },
  'scripts: BLMPOP answers at once, the noscript ones are refused': async (port, out) => {
    await withClients(port, 2, async ([ctl, a]) => {
      await ctl!.call('FLUSHALL');
      for (const cmd of [
        ['EVAL', "return redis.call('BLMPOP', 0, 1, 'k', 'LEFT')", '0'],
        ['EVAL', "return redis.call('BLPOP', 'k', 0)", '0'],
        ['RPUSH', 'k', 'a', 'b'],
        ['EVAL', "return redis.call('BLMPOP', 0, 1, 'k', 'LEFT', 'COUNT', 5)", '0'],
        ['EVAL', "return redis.call('BLMPOP', 0, 1, 'k', 'LEFT', 'COUNT', 5)", '0'],
        ['MULTI'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'k', 'd', '0'], ['BLPOP', 'k', '0'], ['EXEC'],
      ]) {
        const r = await a!.call(...cmd);
        out.push(r.replace(/script: \w+/, 'script: <sha>'));
      }
    });
  },
  'other dbs, SWAPDB, RENAME, MOVE, COPY wake the right waiters': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      out.push(await a!.call('SELECT', '1'));
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'k', 'in-db0'));
      out.push(await p!.call('SELECT', '1'), await p!.call('RPUSH', 'tmp', 'renamed'), await p!.call('RENAME', 'tmp', 'k'));
      out.push(await a!.readReply());
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('SELECT', '0'), await p!.call('MOVE', 'k', '1'));
      out.push(await a!.readReply());
      send(a!, 'BLPOP', 'k2', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'k2', 'swapped'), await p!.call('SWAPDB', '0', '1'));
      out.push(await a!.readReply());
      send(a!, 'BRPOP', 'k3', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'src', 'c1', 'c2'), await p!.call('COPY', 'src', 'k3', 'DB', '1'));
      out.push(await a!.readReply());
    });
  },
  'CLIENT REPLY OFF drops the reply of a served client': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      send(a!, 'CLIENT', 'REPLY', 'OFF');
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'k', 'v1', 'v2'));
      await blockedCount(ctl!, 0);
      out.push(await a!.call('CLIENT', 'REPLY', 'ON'), await a!.call('LRANGE', 'k', '0', '-1'));
    });
  },
  'INFO commandstats of served, timed out and failed blocking commands': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      await ctl!.call('CONFIG', 'RESETSTAT');
      await a!.call('BLPOP', 'k', '0.01');
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 'k', 'a');
      await a!.readReply();
      await p!.call('SET', 's', 'x');
      send(a!, 'BLMOVE', 'q', 's', 'LEFT', 'LEFT', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 'q', 'a');
      out.push(await a!.readReply());
      const info = await p!.call('INFO', 'commandstats');
      out.push(...info.split('\r\n').filter((l) => /cmdstat_(blpop|blmove|rpush)/.test(l)).map((l) => l.replace(/usec(_per_call)?=[\d.]+,/g, '')).sort());
    });
  },
  'a script or SORT STORE filling a waited key wakes the waiter afterwards': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('EVAL', "redis.call('RPUSH', KEYS[1], 'a', 'b'); return redis.call('LLEN', KEYS[1])", '1', 'k'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'k', '0', '-1'));
      send(a!, 'BRPOP', 'sorted', '0');
      await blockedCount(ctl!, 1);
      out.push(await p!.call('RPUSH', 'nums', '3', '1', '2'), await p!.call('SORT', 'nums', 'STORE', 'sorted'));
      out.push(await a!.readReply(), await p!.call('LRANGE', 'sorted', '0', '-1'));
    });
  },
  'list and zset waiters on one key: the other type is passed over and keeps its place': async (port, out) => {
    await withClients(port, 5, async ([ctl, z1, l1, z2, p]) => {
      await ctl!.call('FLUSHALL');
      send(z1!, 'BZPOPMIN', 'k', '0');
      await blockedCount(ctl!, 1);
      send(l1!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 2);
      send(z2!, 'BZPOPMAX', 'k', '0');
      await blockedCount(ctl!, 3);
      out.push(await p!.call('RPUSH', 'k', 'x'));
      out.push(await l1!.readReply());
      out.push(await p!.call('ZADD', 'k', '1', 'm'));
      // Passing z1 over while serving the list does not move it behind z2.
      await blockedCount(ctl!, 1);
      await sleep(20);
      out.push(`z1 got ${z1!.pending()}`, `z2 got ${z2!.pending()}`);
      out.push(await p!.call('ZADD', 'k', '2', 'n'));
      out.push(await z1!.readReply(), await z2!.readReply());
      // Waiters on a key that becomes a string, hash or set stay, in order.
      send(l1!, 'BLPOP', 'h', '0');
      await blockedCount(ctl!, 1);
      send(z1!, 'BZPOPMIN', 'h', '0');
      await blockedCount(ctl!, 2);
      out.push(await p!.call('HSET', 'h', 'f', 'v'), await p!.call('DEL', 'h'), await p!.call('ZADD', 'h', '5', 'z'));
      out.push(await z1!.readReply());
      out.push(await p!.call('RPUSH', 'h', 'l'));
      out.push(await l1!.readReply());
    });
  },
  'keyspace events of served clients': async (port, out) => {
    await withClients(port, 4, async ([ctl, a, p, sub]) => {
      await ctl!.call('FLUSHALL');
      await ctl!.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      await sub!.call('PSUBSCRIBE', '__keyevent@0__:*');
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 'k', 'v');
      await a!.readReply();
      send(a!, 'BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 'src', 'x', 'y');
      await a!.readReply();
      send(a!, 'BLMPOP', '0', '1', 'm', 'LEFT', 'COUNT', '5');
      await blockedCount(ctl!, 1);
      await p!.call('LPUSH', 'm', '1', '2');
      await a!.readReply();
      await p!.call('PUBLISH', 'end', 'end');
      await sleep(50);
      await ctl!.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      out.push(...sub!.pending().split('\r\n').filter((l) => l.startsWith('__keyevent@0__:') || /^[a-z]+$/.test(l)));
    });
  },
  'INFO blocked_clients and CLIENT LIST flags': async (port, out) => {
    await withClients(port, 3, async ([ctl, a, p]) => {
      await ctl!.call('FLUSHALL');
      await a!.call('CLIENT', 'SETNAME', 'waiter');
      send(a!, 'BLPOP', 'k', '5');
      await blockedCount(ctl!, 1);
      const info = await ctl!.call('INFO', 'clients');
      out.push(info.match(/blocked_clients:\d+/)![0], info.match(/clients_in_timeout_table:\d+/)![0]);
      const list = await ctl!.call('CLIENT', 'LIST');
      out.push(list.split('\n').find((l) => l.includes('name=waiter'))!.match(/flags=\w+/)![0]);
      out.push(await p!.call('RPUSH', 'k', 'v'), await a!.readReply());
      out.push((await ctl!.call('INFO', 'clients')).match(/blocked_clients:\d+/)![0]);
    });
  },
};

for (const [name, scenario] of Object.entries(SCENARIOS)) {
  test(`blocking: ${name} (tsredis vs Redis)`, async (t) => {
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    await withServers({}, [], async (ts, redis) => {
      const mine: string[] = [];
      const theirs: string[] = [];
      await scenario(ts.port, mine);
      await scenario(redis.port, theirs);
      assert.deepEqual(mine, theirs);
    });
  });
}

test('served blocked clients are propagated as LPOP/RPOP/LMOVE/RPOPLPUSH', async () => {
  await withTsredis({}, async (ts) => {
    const seen: string[] = [];
    ts.server.propagateHooks.push((db, argv) => seen.push(`${db} ${argv.join(' ')}`));
    await withClients(ts.port, 3, async ([ctl, a, p]) => {
      send(a!, 'BLPOP', 'k', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 'k', '1', '2', '3');
      await a!.readReply();
      await a!.call('BRPOP', 'k', '0');
      await a!.call('BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '5');
      send(a!, 'BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 's', 'x');
      await a!.readReply();
      send(a!, 'BRPOPLPUSH', 's', 'd', '0');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 's', 'y');
      await a!.readReply();
      send(a!, 'BLMPOP', '0', '1', 's', 'RIGHT', 'COUNT', '3');
      await blockedCount(ctl!, 1);
      await p!.call('RPUSH', 's', 'z1', 'z2');
      await a!.readReply();
      await a!.call('BLPOP', 'nothing', '0.01');
    });
    assert.deepEqual(seen, [
      '0 RPUSH k 1 2 3',
      '0 LPOP k',
      '0 RPOP k',
      '0 LPOP k 1',
      '0 RPUSH s x',
      '0 LMOVE s d LEFT RIGHT',
      '0 RPUSH s y',
      '0 RPOPLPUSH s d',
      '0 RPUSH s z1 z2',
      '0 RPOP s 2',
    ]);
    assert.equal(ts.server.blocking.size, 0);
    assert.equal(ts.server.blocking.watchedKeys, 0);
  });
});

test('ioredis: BLPOP/BRPOP/BLMOVE wake in order across connections', async () => {
  await withTsredis({}, async (ts) => {
    const mk = (): Redis => {
      const r = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true });
      r.on('error', () => {});
      return r;
    };
    const [w1, w2, w3, pusher] = [mk(), mk(), mk(), mk()];
    try {
      for (const r of [w1, w2, w3, pusher]) await r.connect();
      const order: string[] = [];
      const p1 = w1.blpop('job', 0).then((r) => order.push(`w1:${r![1]}`));
      while (ts.server.blocking.size < 1) await sleep(2);
      const p2 = w2.brpop('job', 0).then((r) => order.push(`w2:${r![1]}`));
      while (ts.server.blocking.size < 2) await sleep(2);
      const p3 = w3.blmove('job', 'done', 'LEFT', 'RIGHT', 0).then((r) => order.push(`w3:${r}`));
      while (ts.server.blocking.size < 3) await sleep(2);
      assert.equal(await pusher.rpush('job', 'a', 'b', 'c'), 3);
      await Promise.all([p1, p2, p3]);
      assert.deepEqual(order.sort(), ['w1:a', 'w2:c', 'w3:b']);
      assert.deepEqual(await pusher.lrange('done', 0, -1), ['b']);
      assert.equal(await pusher.exists('job'), 0);
      assert.equal(await w1.blpop('job', 0.01), null);
    } finally {
      for (const r of [w1, w2, w3, pusher]) r.disconnect();
    }
  });
});

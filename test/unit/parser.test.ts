// Request parser (src/protocol/parser.ts) in isolation: property tests over arbitrary
// chunk boundaries, sdssplitargs rules for inline commands, and the exact protocol-error
// texts. The socket-level twins of these (compared byte for byte with real Redis) are in
// test/integration/network.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RequestParser, splitArgs } from '../../src/protocol/parser.js';
import { ProtocolError } from '../../src/util/errors.js';
import { encodeCommand as encode, splitAt } from '../helpers.js';

const MAX_BULK = 512 * 1024 * 1024;

function newParser(authenticated = true, maxBulkLen = MAX_BULK): RequestParser {
  return new RequestParser({ maxBulkLen, authenticated });
}

/** Feed `chunks` one by one, collecting every complete command. */
function parseAll(p: RequestParser, chunks: Buffer[]): string[][] {
  const out: string[][] = [];
  for (const ch of chunks) {
    p.feed(ch);
    for (let argv = p.next(); argv !== null; argv = p.next()) out.push(argv);
  }
  return out;
}

/** The protocol error message the parser throws for `input` (fed in one chunk). */
function protocolError(input: string | Buffer, authenticated = true): string | null {
  const p = newParser(authenticated);
  p.feed(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  try {
    while (p.next() !== null) {
      /* drain */
    }
    return null;
  } catch (e) {
    assert.ok(e instanceof ProtocolError, `unexpected ${String(e)}`);
    return e.message;
  }
}

// Binary-safe arguments: any bytes, including CR, LF, NUL and '$'/'*'.
const argArb = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')) },
  { weight: 2, arbitrary: fc.constantFrom('', '\r\n', '$3\r\n', '*1\r\n', 'SET', 'get', '\0') },
  { weight: 1, arbitrary: fc.integer({ min: 30000, max: 70000 }).map((n) => 'x'.repeat(n)) },
);
const commandArb = fc.array(argArb, { minLength: 1, maxLength: 6 });

test('multibulk commands split at arbitrary byte boundaries parse to the same argv', () => {
  fc.assert(
    fc.property(fc.array(commandArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (cmds, cuts) => {
      const wire = Buffer.concat(cmds.map(encode));
      const p = newParser();
      assert.deepEqual(parseAll(p, splitAt(wire, cuts)), cmds);
      assert.equal(p.hasPartial, false);
    }),
    { numRuns: 300 },
  );
});

test('byte-by-byte feeding parses the same as one chunk (mixed multibulk and inline)', () => {
  const wire = Buffer.concat([
    encode(['SET', 'k', 'v\r\n\0']),
    Buffer.from('PING\r\n\r\nECHO "a b" \'c\'\n', 'latin1'),
    Buffer.from('*0\r\n*-1\r\n', 'latin1'),
    encode(['x'.repeat(40000)]),
    encode(['GET', '']),
  ]);
  const expected = [['SET', 'k', 'v\r\n\0'], ['PING'], ['ECHO', 'a b', 'c'], ['x'.repeat(40000)], ['GET', '']];
  assert.deepEqual(parseAll(newParser(), [wire]), expected);
  const bytes: Buffer[] = [];
  for (let i = 0; i < wire.length; i++) bytes.push(wire.subarray(i, i + 1));
  assert.deepEqual(parseAll(newParser(), bytes), expected);
});

test('mutated requests: one chunk (whole-command fast path) and byte by byte (general path) agree', () => {
  // The fast path declines anything unusual and the general path restarts the command,
  // so commands and protocol errors must be identical whichever path ran.
  const outcome = (chunks: Buffer[], auth: boolean): string => {
    const p = newParser(auth, 1000);
    const out: string[][] = [];
    try {
      for (const ch of chunks) {
        p.feed(ch);
        for (let argv = p.next(); argv !== null; argv = p.next()) out.push(argv);
      }
      return JSON.stringify(out);
    } catch (e) {
      assert.ok(e instanceof ProtocolError);
      return JSON.stringify(out) + ' ' + e.message;
    }
  };
  const mutation = fc.record({ at: fc.nat(), byte: fc.constantFrom(0, 10, 13, 36, 42, 43, 45, 48, 49, 57, 120), kind: fc.constantFrom('replace', 'insert', 'delete') });
  fc.assert(
    fc.property(fc.array(commandArb, { minLength: 1, maxLength: 4 }), fc.array(mutation, { maxLength: 3 }), fc.boolean(), (cmds, muts, auth) => {
      let wire = Buffer.concat(cmds.map(encode));
      for (const m of muts) {
        const at = m.at % (wire.length + 1);
        if (m.kind === 'replace' && at < wire.length) wire[at] = m.byte;
        else if (m.kind === 'insert') wire = Buffer.concat([wire.subarray(0, at), Buffer.from([m.byte]), wire.subarray(at)]);
        else if (m.kind === 'delete' && at < wire.length) wire = Buffer.concat([wire.subarray(0, at), wire.subarray(at + 1)]);
      }
      if (wire.length > 20000) return; // byte-by-byte feeding of huge arguments is slow
      const bytes: Buffer[] = [];
      for (let i = 0; i < wire.length; i++) bytes.push(wire.subarray(i, i + 1));
      assert.equal(outcome([wire], auth), outcome(bytes, auth));
    }),
    { numRuns: 400 },
  );
});

test('a large argument across many chunks is accumulated once and is binary-safe', () => {
  const big = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 255;
  const wire = Buffer.concat([Buffer.from(`*2\r\n$3\r\nSET\r\n$${big.length}\r\n`), big, Buffer.from('\r\n*1\r\n$4\r\nPING\r\n')]);
  const p = newParser();
  const chunks: Buffer[] = [];
  for (let i = 0; i < wire.length; i += 65536) chunks.push(wire.subarray(i, i + 65536));
  const out = parseAll(p, chunks);
  assert.equal(out.length, 2);
  assert.equal(out[0]![0], 'SET');
  assert.ok(Buffer.from(out[0]![1]!, 'latin1').equals(big));
  assert.deepEqual(out[1], ['PING']);
});

test('the query buffer size (buffered) counts a pending large argument', () => {
  const p = newParser();
  p.feed(Buffer.from('*1\r\n$100000000\r\n'));
  assert.equal(p.next(), null);
  p.feed(Buffer.alloc(1024 * 1024));
  assert.equal(p.next(), null);
  assert.ok(p.buffered >= 1024 * 1024, `buffered=${p.buffered}`);
  p.reset();
  assert.equal(p.buffered, 0);
});

// ------------------------------------------------------------------ inline / splitArgs

/** Quote an argument the way redis-cli's sdscatrepr does (always double quotes). */
function quote(a: string): string {
  let s = '"';
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c === 34 || c === 92) s += '\\' + a[i];
    else if (c === 10) s += '\\n';
    else if (c === 13) s += '\\r';
    else if (c === 9) s += '\\t';
    else if (c === 7) s += '\\a';
    else if (c === 8) s += '\\b';
    else if (c >= 32 && c < 127) s += a[i];
    else s += '\\x' + c.toString(16).padStart(2, '0');
  }
  return s + '"';
}

test('inline commands: quoted, escaped arguments round-trip through splitArgs', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a).toString('latin1')), { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '  ', '\t', ' \t '), (args, sep) => {
      const line = args.map(quote).join(sep);
      assert.deepEqual(splitArgs(line), args);
      const p = newParser();
      p.feed(Buffer.from(`${line}\r\n`, 'latin1'));
      assert.deepEqual(p.next(), args);
    }),
    { numRuns: 300 },
  );
});

test('splitArgs follows sdssplitargs', () => {
  const cases: [string, string[] | null][] = [
    ['', []],
    ['   ', []],
    ['a b  c', ['a', 'b', 'c']],
    [' \t a\t', ['a']],
    ['"a b" \'c d\'', ['a b', 'c d']],
    ['"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\"\\q"', ['AJ\n\r\t\b\x07\\"q']],
    ['"\\x4g"', ['x4g']],
    ["'it\\'s' 'a\\nb'", ["it's", 'a\\nb']],
    ['""', ['']],
    ["''", ['']],
    ['a"b" c', ['ab', 'c']], // a quote inside a bare word opens a quoted part
    ['ab"c', null],
    ['"a"b', null],
    ["'a'b", null],
    ['"abc', null],
    ["'abc", null],
    ['"a\\"', null],
    ['a\vb', ['a\vb']], // \v and \f do not end a bare word
    ['a\fb c', ['a\fb', 'c']],
    ['"a"\vb', ['a', 'b']], // ... but they do separate words after a quote
    ['\va', ['a']],
    ['a\0b c', ['a']], // NUL ends the C string
  ];
  for (const [line, expected] of cases) assert.deepEqual(splitArgs(line), expected, JSON.stringify(line));
});

test('inline: LF or CRLF line ends, empty lines skipped, NUL means "no newline yet"', () => {
  const p = newParser();
  assert.deepEqual(parseAll(p, [Buffer.from('\r\n\n  \r\nPING\nECHO x\r\n')]), [['PING'], ['ECHO', 'x']]);
  // A NUL before the newline: Redis's strchr never sees the newline, so the command waits.
  const q = newParser();
  assert.deepEqual(parseAll(q, [Buffer.from('ECHO a\0b\r\n')]), []);
  assert.equal(q.hasPartial, true);
  assert.equal(protocolError(Buffer.concat([Buffer.from('PING\0\r\n'), Buffer.alloc(70000, 65)])), 'too big inline request');
});

// ------------------------------------------------------------------ protocol errors

test('protocol errors carry Redis texts', () => {
  const big = 'A'.repeat(64 * 1024 + 1);
  const cases: [string, string | null][] = [
    ['*x\r\n', 'invalid multibulk length'],
    ['*\r\n', 'invalid multibulk length'],
    ['*+1\r\n', 'invalid multibulk length'],
    ['*01\r\n', 'invalid multibulk length'],
    ['*-0\r\n', 'invalid multibulk length'],
    ['*1 \r\n', 'invalid multibulk length'],
    ['*2147483648\r\n', 'invalid multibulk length'],
    ['*9223372036854775808\r\n', 'invalid multibulk length'],
    ['*2147483647\r\n', null],
    ['*-1\r\n*0\r\n', null],
    ['*1\r\n$-1\r\n', 'invalid bulk length'],
    ['*1\r\n$-0\r\n', 'invalid bulk length'],
    ['*1\r\n$04\r\n', 'invalid bulk length'],
    ['*1\r\n$\r\n', 'invalid bulk length'],
    ['*1\r\n$536870913\r\n', 'invalid bulk length'],
    ['*1\r\n$9223372036854775808\r\n', 'invalid bulk length'],
    ['*1\r\nx3\r\nfoo\r\n', "expected '$', got 'x'"],
    ['*1\r\n:3\r\n', "expected '$', got ':'"],
    ['PING "a\r\n', 'unbalanced quotes in request'],
    ['PING "a"b\r\n', 'unbalanced quotes in request'],
    ["PING 'a\r\n", 'unbalanced quotes in request'],
    [big, 'too big inline request'],
    ['*' + big, 'too big mbulk count string'],
    ['*1\r\n$' + big, 'too big bulk count string'],
    [big.slice(0, 1000), null],
    // NUL before the CR: incomplete (strchr stops), then the 64 KB limit.
    ['*1\0\r\n', null],
    ['*1\0\r\n' + big, 'too big mbulk count string'],
    ['*1\r\n$4\0\r\nPING\r\n', null],
    ['*1\r\n$4\0\r\n' + big, 'too big bulk count string'],
  ];
  for (const [input, expected] of cases) assert.equal(protocolError(input), expected, JSON.stringify(input.slice(0, 40)));
});

test('commands before a protocol error in the same chunk are still parsed', () => {
  const p = newParser();
  p.feed(Buffer.from('*1\r\n$4\r\nPING\r\n*1\r\n$-5\r\n'));
  assert.deepEqual(p.next(), ['PING']);
  assert.throws(() => p.next(), /invalid bulk length/);
});

test('unauthenticated clients: at most 10 arguments and 16 KB bulks', () => {
  assert.equal(protocolError('*11\r\n', false), 'unauthenticated multibulk length');
  assert.equal(protocolError('*10\r\n', false), null);
  assert.equal(protocolError('*1\r\n$16385\r\n', false), 'unauthenticated bulk length');
  assert.equal(protocolError('*1\r\n$16384\r\n', false), null);
  assert.equal(protocolError('*11\r\n', true), null);
  // Authentication takes effect for the next command.
  const p = newParser(false);
  p.feed(Buffer.from('*2\r\n$4\r\nAUTH\r\n$1\r\np\r\n*11\r\n'));
  assert.deepEqual(p.next(), ['AUTH', 'p']);
  p.limits.authenticated = true;
  assert.equal(p.next(), null);
});

test('proto-max-bulk-len is enforced from the limits object', () => {
  const p = newParser(true, 1024 * 1024);
  p.feed(Buffer.from(`*1\r\n$${1024 * 1024 + 1}\r\n`));
  assert.throws(() => p.next(), /invalid bulk length/);
  const q = newParser(true, 1024 * 1024);
  q.feed(Buffer.from(`*1\r\n$${1024 * 1024}\r\n`));
  assert.equal(q.next(), null);
});

test('lent chunks (one read buffer reused for every read) parse like owned ones', () => {
  // The server reads every socket into one shared buffer and calls detach() after each
  // read: whatever the parser still needs (a partial command, commands left unread
  // because the client was parked) must survive the buffer being overwritten.
  fc.assert(
    fc.property(
      fc.array(commandArb, { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.array(fc.nat({ max: 3 }), { maxLength: 12 }),
      (cmds, cuts, takes) => {
        const wire = Buffer.concat(cmds.map(encode));
        const shared = Buffer.alloc(wire.length + 1);
        const p = newParser();
        const out: string[][] = [];
        const drain = (limit: number): void => {
          for (let i = 0; i < limit; i++) {
            const argv = p.next();
            if (argv === null) return;
            out.push(argv);
          }
        };
        splitAt(wire, cuts).forEach((ch, i) => {
          ch.copy(shared);
          p.feed(shared, true, ch.length);
          // Sometimes stop early, as a parked or backpressured client does.
          drain(takes[i] === 0 ? 0 : takes[i] === 1 ? 1 : Infinity);
          p.detach();
          shared.fill(0x2a);
        });
        drain(Infinity);
        assert.deepEqual(out, cmds);
        assert.equal(p.hasPartial, false);
      },
    ),
    { numRuns: 300 },
  );
});

test('random bytes never throw anything but ProtocolError', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), fc.boolean(), (chunks, auth) => {
      const p = newParser(auth);
      try {
        for (const ch of chunks) {
          // A leading '*' or '$' makes the protocol paths more likely than pure inline.
          p.feed(Buffer.from(ch));
          while (p.next() !== null) {
            /* drain */
          }
        }
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
      }
    }),
    { numRuns: 1000 },
  );
});

test('requests trickling in one byte per read: small bulks, long inline lines, oversized headers', () => {
  const feedBytes = (p: RequestParser, wire: Buffer): string[][] => {
    const out: string[][] = [];
    for (let i = 0; i < wire.length; i++) {
      p.feed(wire.subarray(i, i + 1));
      for (let argv = p.next(); argv !== null; argv = p.next()) out.push(argv);
    }
    return out;
  };
  // A bulk below the big-argument threshold is assembled in the parser's own buffer.
  const arg = 'v'.repeat(20000) + '\r\n\0';
  assert.deepEqual(feedBytes(newParser(), Buffer.concat([encode(['SET', 'k', arg]), encode(['GET', 'k'])])), [['SET', 'k', arg], ['GET', 'k']]);
  const line = 'y'.repeat(60000);
  assert.deepEqual(feedBytes(newParser(), Buffer.from(`ECHO ${line}\r\nPING\n`)), [['ECHO', line], ['PING']]);
  // Headers that never end hit the 64 KB limit, read byte by byte as well.
  assert.throws(() => feedBytes(newParser(), Buffer.from('*' + '1'.repeat(70000))), /too big mbulk count string/);
  assert.throws(() => feedBytes(newParser(), Buffer.from('*1\r\n$' + '1'.repeat(70000))), /too big bulk count string/);
  assert.throws(() => feedBytes(newParser(), Buffer.from('z'.repeat(70000))), /too big inline request/);
});

test('chunks ending inside headers, CRLFs and arguments (every split point of a pipeline)', () => {
  const cmds = [['SET', 'key', 'x'.repeat(100)], ['PING'], ['ECHO', ''], ['MSET', 'a', '1', 'b', '2']];
  const wire = Buffer.concat([...cmds.map(encode), Buffer.from('PING\r\n')]);
  for (let i = 0; i <= wire.length; i++) {
    for (const j of [i, Math.min(wire.length, i + 3), Math.min(wire.length, i + 17)]) {
      const p = newParser();
      const out = parseAll(p, [wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)]);
      assert.deepEqual(out, [...cmds, ['PING']], `split at ${i}/${j}`);
    }
  }
});

test('commands with more arguments than the presized argv (and exactly as many)', () => {
  for (const n of [1023, 1024, 1025, 3000]) {
    const cmd = Array.from({ length: n }, (_, i) => (i === 0 ? 'MSET' : `a${i}`));
    const p = newParser();
    assert.deepEqual(parseAll(p, [encode(cmd)]), [cmd]);
    const q = newParser();
    const out = parseAll(q, splitAt(encode(cmd), [7, 500, 9000]));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.length, n);
    assert.deepEqual(out[0], cmd);
  }
});

// `npm run compat`: the compatibility harness (issue #3).
//
// 1. Coverage: every command/subcommand real Redis reports (COMMAND, COMMAND DOCS) against
//    tsredis's command table; per-group table on stdout and docs/compat.md.
// 2. Differential fuzzing (compat/fuzz.ts): seeded command sequences on both servers,
//    replies compared byte for byte; mismatches shrunk and printed as regression tests.
// A summary line per part; exit code 1 on any mismatch or crash. Without redis-server 7.x,
// prints tsredis's own table, says the oracle is missing, and exits 0.
//
//   node dist/scripts/compat.js [--seed N] [--count N] [--time SECONDS] [--types string,generic,...]
//                               [--no-coverage] [--no-fuzz] [--no-docs] [--max-len N] [--shrink-per-cmd N]
//                               [--in-process] [--self-check] [--stats] [--tests-out FILE] [--seq N]
//
// --seq N replays only sequence N of --seed (as named in a mismatch report).
// --tests-out writes every shrunk mismatch as one node:test file (imports included), ready to
//   drop into test/integration/.
// --self-check fuzzes real Redis against a second real Redis with every generator: any
//   mismatch there is the harness's fault (nondeterminism it does not normalise); this is how
//   the comparison modes of groups tsredis does not implement yet are validated.
// --in-process runs tsredis inside the harness instead of as a child process (a crash then
//   ends the run).

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Conn, decodeReply } from './compat/conn.js';
import { coverage, fetchCommandInfo, formatTable, formatMarkdown, summaryLine, tsredisTable } from './compat/coverage.js';
import { fuzz, fuzzSummary, mismatchDigest, regressionFile } from './compat/fuzz.js';
import { GROUPS, CONFIG_PARAMS } from './compat/gen.js';
import { oracleInstalled, startOracle, startTsredisChild, startTsredisInProcess, type Endpoint } from './compat/servers.js';

interface Args {
  seed: number;
  count: number;
  timeS: number;
  types: string[] | undefined;
  coverage: boolean;
  fuzz: boolean;
  docs: boolean;
  inProcess: boolean;
  selfCheck: boolean;
  stats: boolean;
  testsOut: string | undefined;
  seq: number | undefined;
  maxLen: number;
  shrinkPerCmd: number;
}

const TYPE_ALIASES: Record<string, string> = {
  strings: 'string', keys: 'generic', key: 'generic', expire: 'generic', bit: 'bitmap', bits: 'bitmap', bitmaps: 'bitmap',
  hashes: 'hash', lists: 'list', sets: 'set', zset: 'sorted-set', zsets: 'sorted-set',
};

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: node dist/scripts/compat.js [--seed N] [--count N] [--time SECONDS] [--types ${Object.keys(GROUPS).join(',')}] [--no-coverage] [--no-fuzz] [--no-docs] [--in-process] [--self-check] [--stats] [--seq N] [--tests-out FILE.test.ts] [--max-len N] [--shrink-per-cmd N]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seed: Math.floor(Math.random() * 2 ** 31), count: 100000, timeS: 60, types: undefined, coverage: true, fuzz: true, docs: true, inProcess: false, selfCheck: false, stats: false, testsOut: undefined, seq: undefined, maxLen: 40, shrinkPerCmd: 1 };
  const num = (i: number): number => {
    const v = Number(argv[i]);
    if (argv[i] === undefined || !Number.isFinite(v) || v < 0) usage(`${argv[i - 1]} needs a non-negative number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    switch (argv[i]) {
      case '--seed': a.seed = Math.floor(num(++i)); break;
      case '--count': a.count = num(++i); break;
      case '--time': a.timeS = num(++i); break;
      case '--max-len': a.maxLen = Math.max(1, num(++i)); break;
      case '--shrink-per-cmd': a.shrinkPerCmd = num(++i); break;
      case '--types': {
        const v = argv[++i];
        if (!v) usage('--types needs a comma separated list');
        a.types = v.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s).map((s) => TYPE_ALIASES[s] ?? s);
        for (const t of a.types) if (!(t in GROUPS)) usage(`unknown type group '${t}'`);
        break;
      }
      case '--no-coverage': a.coverage = false; break;
      case '--no-fuzz': a.fuzz = false; break;
      case '--no-docs': a.docs = false; break;
      case '--in-process': a.inProcess = true; break;
      case '--self-check': a.selfCheck = true; break;
      case '--stats': a.stats = true; break;
      case '--seq': a.seq = Math.floor(num(++i)); break;
      case '--tests-out': {
        const v = argv[++i];
        if (!v) usage('--tests-out needs a file name');
        a.testsOut = v;
        break;
      }
      case '-h': case '--help': usage('compatibility harness: coverage + differential fuzzing against redis-server 7.x');
      default: usage(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

const FUZZ_NOTE = [
  'The same command also fuzzes tsredis against Redis (`npm run compat -- --seed N --count N --time S --types string,generic,...`):',
  'seeded command sequences over a small shared key space, RESP2 and RESP3, compared byte for byte; every mismatch is shrunk',
  'and printed as a node:test regression test. CI runs `--seed 1 --count 20000 --time 120`. `--self-check` runs Redis against',
  'Redis to prove the comparison itself has no false positives.',
].join('\n');

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/scripts
const DOCS_PATH = path.resolve(here, '../../docs/compat.md');

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const oracle = oracleInstalled();
  if (args.selfCheck && oracle === null) usage('--self-check needs redis-server 7.x');
  const startTs = (): Promise<Endpoint> => (args.selfCheck ? startOracle() : args.inProcess ? startTsredisInProcess() : startTsredisChild());
  let ts: Endpoint | null = null;
  let redis: Endpoint | null = null;
  let failed = false;
  try {
    ts = await startTs();
    if (oracle === null) {
      process.stdout.write('oracle: redis-server 7.x is not installed (apt-get install redis-server); only tsredis\'s own table is shown, no fuzzing.\n');
    } else {
      redis = await startOracle();
      process.stdout.write(`oracle: redis-server ${oracle} on port ${redis.port}; tsredis on port ${ts.port}\n`);
    }
    if (args.coverage && !args.selfCheck) {
      const tsConn = await Conn.connect(ts.port, 'tsredis');
      const rConn = redis ? await Conn.connect(redis.port, 'redis') : null;
      try {
        const rep = await coverage(rConn, tsConn, oracle);
        process.stdout.write(`\n${formatTable(rep)}\n\n`);
        if (oracle !== null && args.docs) {
          writeFileSync(DOCS_PATH, formatMarkdown(rep, FUZZ_NOTE));
          process.stdout.write(`wrote ${path.relative(process.cwd(), DOCS_PATH) || DOCS_PATH}\n`);
        }
        process.stdout.write(`${summaryLine(rep)}\n`);
      } finally {
        tsConn.close();
        rConn?.close();
      }
    }
    if (args.fuzz && redis !== null) {
      let implemented = new Set(tsredisTable().map((m) => m.name));
      if (args.selfCheck) {
        const c = await Conn.connect(redis.port, 'redis');
        implemented = new Set(((await fetchCommandInfo(c)) ?? []).map((m) => m.name));
        c.close();
        process.stdout.write('self-check: real Redis against real Redis, every generator\n');
      }
      process.stdout.write(`\nfuzz: seed ${args.seed}, up to ${args.count} commands or ${args.timeS} s\n`);
      const tsRef = ts;
      const rc = await Conn.connect(redis.port, 'redis');
      const configRestore: string[][] = [];
      for (const p of CONFIG_PARAMS) {
        const v = decodeReply(await rc.call('CONFIG', 'GET', p));
        if (Array.isArray(v) && typeof v[1] === 'string') configRestore.push(['CONFIG', 'SET', p, v[1]]);
      }
      rc.close();
      const res = await fuzz(
        {
          aPort: ts.port,
          bPort: redis.port,
          configRestore,
          restartA: async () => {
            const out = tsRef.output().trim();
            if (out) process.stdout.write(`tsredis output before restart:\n${out.split('\n').slice(-20).join('\n')}\n`);
            await tsRef.close();
            if (args.inProcess) return null;
            ts = await startTs();
            return ts.port;
          },
        },
        { seed: args.seed, count: args.count, timeMs: args.timeS * 1000, groups: args.types, implemented, maxSeqLen: args.maxLen, only: args.seq, shrinkPerCmd: args.shrinkPerCmd },
      );
      if (args.stats) {
        const rows = [...res.ranByCmd.entries()].sort((x, y) => y[1] - x[1]).map(([c, n]) => `${c.toUpperCase()} ${n}`);
        process.stdout.write(`\ncommands run: ${rows.join(', ')}\n`);
      }
      if (res.byCmd.size > 0) process.stdout.write(`\nmismatches by command (smallest reproduction):\n${mismatchDigest(res)}\n\n`);
      if (args.testsOut) {
        const tests = res.mismatches.filter((m) => m.test).map((m) => m.test!);
        writeFileSync(args.testsOut, regressionFile(tests));
        process.stdout.write(`wrote ${tests.length} regression test(s) to ${args.testsOut}\n`);
      }
      process.stdout.write(`${fuzzSummary(res, args.seed)}\n`);
      if (res.mismatches.length > 0 || res.crashes.length > 0) failed = true;
    }
  } catch (e) {
    process.stdout.write(`compat: harness error: ${(e as Error).stack ?? String(e)}\n`);
    failed = true;
  } finally {
    await ts?.close();
    await redis?.close();
  }
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code));

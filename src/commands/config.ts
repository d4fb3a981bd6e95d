// CONFIG GET / SET / RESETSTAT / REWRITE / HELP. The parameter table, parsing and the
// rewrite algorithm live in src/config; these handlers only adapt them to replies.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { Stats } from '../server/server.js';
import { Config, strerror } from '../config/config.js';
import { ReplyError } from '../util/errors.js';

function configGetCommand(c: Client, argv: string[]): void {
  const pairs = c.server.config.getMatching(argv.slice(2));
  const w = c.reply;
  w.mapLen(pairs.length);
  for (const [name, value] of pairs) {
    w.bulk(name);
    w.bulk(value);
  }
}

/** Redis's islocalClient: a unix socket, or a peer at exactly 127.0.0.1 or ::1. */
function isLocalClient(c: Client): boolean {
  if (c.socket === null || c.isUnix) return true;
  const ip = c.socket.remoteAddress ?? '';
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function configSetCommand(c: Client, argv: string[]): void {
  if (argv.length & 1) throw new ReplyError('ERR syntax error');
  const pairs: [string, string][] = [];
  for (let i = 2; i + 1 < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
  const mode = c.server.config.raw('enable-protected-configs');
  const protectedAllowed = mode === 'yes' || (mode === 'local' && isLocalClient(c));
  const config = c.server.config;
  const before = pairs.map(([name]) => [name, Config.def(name) ? config.format(name) : ''] as const);
  const err = config.setMany(pairs, protectedAllowed);
  if (err !== null) throw new ReplyError(err);
  const rebind = c.server.takeRebind();
  if (rebind === null) {
    c.reply.ok();
    return;
  }
  // A new port or bind address: answer once listening there worked or failed, as Redis
  // (which binds synchronously). On failure every parameter of this CONFIG SET is put
  // back, as Redis does when an apply step fails.
  let failure: string | null = null;
  c.server.blockClient(c, 0, (cl) => {
    if (failure === null) cl.reply.ok();
    else cl.error(failure);
  });
  void rebind.then((e) => {
    if (e !== null) {
      for (const [name, text] of before) {
        try {
          config.set(name, text);
        } catch {
          /* the value was valid before */
        }
      }
      c.server.takeRebind(); // null: the restored values are the ones still listening
      const arg = pairs.find(([name]) => ['port', 'bind', 'tls-port'].includes(Config.def(name)!.name))![0];
      const why = Config.def(arg)!.name !== 'bind' ? 'Unable to listen on this port. Check server logs.' : 'Failed to bind to specified addresses.';
      failure = `ERR CONFIG SET failed (possibly related to argument '${arg}') - ${why}`;
    }
    c.server.unblockClient(c, false);
    c.server.flushPending();
  });
}

/** Zero every INFO counter in place (other modules hold the Stats object). */
function resetStats(stats: Stats): void {
  const fresh = new Stats() as unknown as Record<string, unknown>;
  const target = stats as unknown as Record<string, unknown>;
  for (const k of Object.keys(fresh)) {
    const cur = target[k];
    if (cur instanceof Map) cur.clear();
    else target[k] = fresh[k];
  }
}

function configResetStatCommand(c: Client): void {
  const server = c.server;
  resetStats(server.stats);
  server.table.resetStats();
  c.reply.ok();
}

function configRewriteCommand(c: Client): void {
  const server = c.server;
  const file = server.configFile;
  if (file === null || file === undefined || file === '') {
    throw new ReplyError('ERR The server is running without a config file');
  }
  try {
    server.config.rewrite(file);
  } catch (e) {
    const msg = strerror((e as NodeJS.ErrnoException).code);
    server.log.warning(`CONFIG REWRITE failed: ${msg}`);
    throw new ReplyError(`ERR Rewriting config file: ${msg}`);
  }
  server.log.warning('CONFIG REWRITE executed with success.');
  c.reply.ok();
}

const HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

function configHelpCommand(c: Client): void {
  c.reply.arrayLen(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}

const ADMIN = 'admin noscript loading stale';
const S = { group: 'server', since: '2.0.0' } as const;

export const configCommands: CommandDef[] = [
  {
    name: 'config',
    arity: -2,
    flags: '',
    group: 'server',
    since: '2.0.0',
    summary: 'A container for server configuration commands.',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', arity: -3, flags: ADMIN, ...S,
        summary: 'Reads configuration parameters whose names match one or more glob patterns.',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        handler: configGetCommand,
      },
      {
        name: 'set', arity: -4, flags: ADMIN, ...S,
        summary: 'Changes one or more configuration parameters at once, all or none.',
        complexity: 'O(N) when N is the number of configuration parameters provided',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
        handler: configSetCommand,
      },
      {
        name: 'resetstat', arity: 2, flags: ADMIN, ...S,
        summary: 'Zeroes the statistics that INFO reports.',
        complexity: 'O(1)',
        handler: configResetStatCommand,
      },
      {
        name: 'rewrite', arity: 2, flags: ADMIN, group: 'server', since: '2.8.0',
        summary: 'Writes the running configuration back into the config file.',
        complexity: 'O(1)',
        handler: configRewriteCommand,
      },
      {
        name: 'help', arity: 2, flags: 'loading stale', group: 'server', since: '5.0.0',
        summary: 'Lists the CONFIG subcommands.',
        complexity: 'O(1)',
        handler: configHelpCommand,
      },
    ],
  },
];

#!/usr/bin/env node
// tsredis-cli: a redis-cli 7.0 compatible command-line client with no dependencies.
//
//   tsredis-cli [options] cmd arg...    one command (repeatable with -r/-i), exit code 0/1
//   tsredis-cli [options]               interactive prompt (`127.0.0.1:6379> `) on a tty,
//                                       or one command per stdin line when stdin is piped
//   tsredis-cli --pipe | --scan | --stat | --latency | --eval file ...   special modes
//
// Output follows redis-cli: the human format on a terminal (or --no-raw, or with the
// FAKETTY environment variable that redis-cli's own tests use), the raw format when stdout
// is not a terminal (or --raw), CSV with --csv. Replies, argv and output are latin1 byte
// strings end to end, so binary data round-trips. The flow mirrors redis-cli's
// cliConnect / issueCommandRepeat / cliSendCommand / cliReadReply so that messages, exit
// codes and reconnect behaviour match.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { splitArgs } from '../protocol/parser.js';
import { Connection, ConnError, errnoText } from './cli-conn.js';
import { type Reply, REPLY_ERROR, REPLY_NIL, REPLY_PUSH } from './cli-reply.js';
import { formatTTY, formatRaw, formatCSV, formatInvalidateTTY, isInvalidate, UnknownReplyTypeError } from './cli-format.js';
import {
  type CliConfig, CliExit, defaultConfig, parseOptions, usageText,
  OUTPUT_STANDARD, OUTPUT_RAW, OUTPUT_CSV,
} from './cli-options.js';
import { helpText, loadEntries, complete } from './cli-help.js';
import { out, err, sleep, readAllStdin, fixed2 } from './cli-util.js';
import { scanMode, statMode, latencyMode, pipeMode, evalMode } from './cli-modes.js';

/** Ends the process after stdout/stderr are flushed. */
class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function version(): string {
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    for (const p of [path.join(here, '../../../package.json'), path.join(here, '../../package.json')]) {
      if (fs.existsSync(p)) return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}

/** UTF-8 text (as Node decodes argv and typed lines) to latin1 byte strings. */
function toBytes(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/**
 * The user's arguments as raw bytes. Node decodes argv as UTF-8 (invalid bytes become
 * U+FFFD), so on Linux we read the exact bytes from /proc/self/cmdline when its tail lines
 * up with process.argv.
 */
function rawArgs(): string[] {
  const decoded = process.argv.slice(2);
  try {
    const raw = fs.readFileSync('/proc/self/cmdline').toString('latin1').split('\0');
    if (raw[raw.length - 1] === '') raw.pop();
    const tail = raw.slice(raw.length - decoded.length);
    if (decoded.length === 0 || tail.length !== decoded.length) return decoded.map(toBytes);
    for (let i = 0; i < tail.length; i++) {
      if (Buffer.from(tail[i]!, 'latin1').toString('utf8') !== decoded[i]) return decoded.map(toBytes);
    }
    return tail;
  } catch {
    return decoded.map(toBytes);
  }
}

/** Format an address like anetFormatAddr: IPv6 literals in brackets. */
function formatAddr(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Commands whose reply is preformatted text (INFO, CLIENT LIST...): redis-cli prints them
 * raw even on a terminal.
 */
function repliesWithText(argv: string[]): boolean {
  const cmd = argv[0]!.toLowerCase();
  const sub = argv.length >= 2 ? argv[1]!.toLowerCase() : '';
  const n = argv.length;
  return cmd === 'info' || cmd === 'lolwut' ||
    (n >= 2 && cmd === 'debug' && (sub === 'htstats' || sub === 'htstats-key')) ||
    (n >= 2 && cmd === 'memory' && (sub === 'malloc-stats' || sub === 'doctor')) ||
    (n === 2 && cmd === 'cluster' && (sub === 'nodes' || sub === 'info')) ||
    (n >= 2 && cmd === 'client' && (sub === 'list' || sub === 'info')) ||
    (n === 3 && cmd === 'latency' && sub === 'graph') ||
    (n === 2 && cmd === 'latency' && sub === 'doctor') ||
    (n >= 2 && cmd === 'proxy' && sub === 'info');
}

export class Cli {
  conn: Connection | null = null;
  dbnum = 0;
  inputDbnum: number;
  inMulti = false;
  preMultiDbnum = 0;
  lastType = 0;
  interactive = false;
  shutdown = false;
  monitorMode = false;
  pubsubMode = false;
  prompt = '';
  /** Error of the last failed connection, printed as "Error: ..." by redis-cli. */
  lastError = '';

  constructor(readonly cfg: CliConfig) {
    this.inputDbnum = cfg.dbnum;
    this.refreshPrompt();
  }

  refreshPrompt(): void {
    let p = this.cfg.socket !== null ? `redis ${this.cfg.socket}` : formatAddr(this.cfg.host, this.cfg.port);
    if (this.dbnum !== 0) p += `[${this.dbnum}]`;
    if (this.inMulti) p += '(TX)';
    this.prompt = p + '> ';
  }

  private usable(): boolean {
    return this.conn !== null && !this.conn.broken;
  }

  /** cliConnect: (re)connect, then AUTH, SELECT and HELLO 3 as configured. */
  async connect(force: boolean, quiet: boolean): Promise<boolean> {
    if (this.conn !== null && !force) return true;
    if (this.conn !== null) {
      this.conn.close();
      this.conn = null;
      this.dbnum = 0;
      this.inMulti = false;
      this.refreshPrompt();
    }
    const cfg = this.cfg;
    try {
      this.conn = await Connection.connect(cfg);
    } catch (e) {
      if (!quiet) {
        const where = cfg.socket !== null ? cfg.socket : `${cfg.host}:${cfg.port}`;
        err(`Could not connect to Redis at ${where}: ${errnoText(e)}\n`);
      }
      this.conn = null;
      return false;
    }
    const conn = this.conn;
    const step = async (argv: string[], what: string): Promise<Reply | null> => {
      try {
        const r = await conn.command(argv);
        if (r.type === REPLY_ERROR) {
          err(`${what}${r.str}\n`);
          return null;
        }
        return r;
      } catch {
        err('\nI/O error\n');
        return null;
      }
    };
    if (cfg.auth !== null) {
      const argv = cfg.user !== null ? ['AUTH', cfg.user, cfg.auth] : ['AUTH', cfg.auth];
      if ((await step(argv, 'AUTH failed: ')) === null) return false;
    }
    if (this.inputDbnum !== this.dbnum) {
      if ((await step(['SELECT', String(this.inputDbnum)], `SELECT ${this.inputDbnum} failed: `)) === null) return false;
      this.dbnum = this.inputDbnum;
      this.refreshPrompt();
    }
    if (cfg.resp3) {
      if ((await step(['HELLO', '3'], 'HELLO 3 failed: ')) === null) return false;
    }
    return true;
  }

  /** Format a reply in the configured mode (cliFormatReply). */
  format(r: Reply, rawStrings: boolean): string {
    if (rawStrings) return formatRaw(r, this.cfg.mbDelim);
    if (this.cfg.output === OUTPUT_STANDARD) return formatTTY(r);
    if (this.cfg.output === OUTPUT_CSV) return formatCSV(r) + '\n';
    return formatRaw(r, this.cfg.mbDelim) + this.cfg.cmdDelim;
  }

  private printOrDie(f: () => string): void {
    try {
      out(f());
    } catch (e) {
      if (e instanceof UnknownReplyTypeError) {
        err(`${e.message}\n`);
        throw new ExitSignal(1);
      }
      throw e;
    }
  }

  /** Read the next reply, handing out-of-band RESP3 pushes to the push printer. */
  private async readSkippingPushes(): Promise<Reply> {
    for (;;) {
      const r = await this.conn!.read();
      if (r.type !== REPLY_PUSH || this.pubsubMode) return r;
      if (this.cfg.pushOutput) {
        this.printOrDie(() => (this.cfg.output === OUTPUT_STANDARD && isInvalidate(r) ? formatInvalidateTTY(r) : this.format(r, false)));
      }
    }
  }

  /** cliReadReply: returns false when the connection dropped (interactive mode). */
  async readReply(rawStrings: boolean): Promise<boolean> {
    let reply: Reply;
    try {
      reply = await this.readSkippingPushes();
    } catch (e) {
      if (!(e instanceof ConnError)) throw e;
      this.lastError = e.message;
      if (this.shutdown) {
        this.conn?.close();
        this.conn = null;
        return true;
      }
      if (this.interactive) {
        if (e.kind === 'eof') return false;
        if (e.kind === 'io' && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return false;
      }
      err(`Error: ${e.message}\n`);
      throw new ExitSignal(1);
    }
    this.lastType = reply.type;
    if (!this.interactive && this.cfg.setErrcode && reply.type === REPLY_ERROR) {
      err(`${reply.str.split('\0')[0]}\n`);
      throw new ExitSignal(1);
    }
    this.printOrDie(() => this.format(reply, rawStrings));
    return true;
  }

  /** cliSendCommand. */
  async sendCommand(argv: string[], repeat: number): Promise<boolean> {
    if (this.conn === null) return false;
    const command = argv[0]!.toLowerCase();
    const argc = argv.length;
    const rawStrings = repliesWithText(argv);
    if (command === 'shutdown') this.shutdown = true;
    if (command === 'monitor') this.monitorMode = true;
    if (command === 'subscribe' || command === 'psubscribe' || command === 'ssubscribe') this.pubsubMode = true;

    while (repeat < 0 || repeat-- > 0) {
      if (this.conn === null) return true; // shut down by a previous repetition
      this.conn.send(argv);
      if (this.monitorMode) {
        do {
          if (!(await this.readReply(rawStrings))) {
            err(`Error: ${this.lastError}\n`);
            throw new ExitSignal(1);
          }
          if (this.lastType === REPLY_ERROR) this.monitorMode = false;
        } while (this.monitorMode);
        return true;
      }
      if (this.pubsubMode) {
        if (this.cfg.output !== OUTPUT_RAW) out('Reading messages... (press Ctrl-C to quit)\n');
        while (this.pubsubMode) {
          if (!(await this.readReply(rawStrings))) {
            err(`Error: ${this.lastError}\n`);
            throw new ExitSignal(1);
          }
          if (this.lastType === REPLY_ERROR) this.pubsubMode = false;
        }
        continue;
      }
      if (!(await this.readReply(rawStrings))) return false;
      const ok = this.lastType !== REPLY_ERROR;
      if (command === 'select' && argc === 2 && ok) {
        this.inputDbnum = this.dbnum = parseInt(argv[1]!, 10) || 0;
        this.refreshPrompt();
      } else if (command === 'auth' && (argc === 2 || argc === 3)) {
        // redis-cli re-selects the configured db after a manual AUTH.
        if (this.inputDbnum !== this.dbnum && this.conn !== null) {
          const r = await this.conn.command(['SELECT', String(this.inputDbnum)]).catch(() => null);
          if (r !== null && r.type === REPLY_ERROR) err(`SELECT ${this.inputDbnum} failed: ${r.str}\n`);
          else if (r !== null) {
            this.dbnum = this.inputDbnum;
            this.refreshPrompt();
          }
        }
      } else if (command === 'multi' && argc === 1 && ok) {
        this.inMulti = true;
        this.preMultiDbnum = this.dbnum;
        this.refreshPrompt();
      } else if (command === 'exec' && argc === 1 && this.inMulti) {
        this.inMulti = false;
        if (this.lastType === REPLY_ERROR || this.lastType === REPLY_NIL) {
          this.inputDbnum = this.dbnum = this.preMultiDbnum;
        }
        this.refreshPrompt();
      } else if (command === 'discard' && argc === 1 && ok) {
        this.inMulti = false;
        this.inputDbnum = this.dbnum = this.preMultiDbnum;
        this.refreshPrompt();
      } else if (command === 'reset' && argc === 1 && ok) {
        this.inMulti = false;
        this.dbnum = 0;
        this.inputDbnum = 0;
        this.cfg.resp3 = false;
        this.refreshPrompt();
      }
      if (this.cfg.intervalMs > 0) await sleep(this.cfg.intervalMs);
    }
    return true;
  }

  /** issueCommandRepeat: help is answered locally; (re)connects when needed. */
  async issueCommandRepeat(argv: string[], repeat: number): Promise<boolean> {
    const name = argv[0]!.toLowerCase();
    if (name === 'help' || name === '?') {
      out(await helpText(this, argv.slice(1), version()));
      return true;
    }
    if (!this.usable()) {
      if (!(await this.connect(true, false))) {
        // Connected but AUTH/SELECT/HELLO failed: redis-cli prints the (empty) context error.
        if (this.conn !== null) err(`Error: ${this.conn.failure?.message ?? ''}\n`);
        return false;
      }
    }
    if (!(await this.sendCommand(argv, repeat))) {
      if (this.conn !== null) err(`Error: ${this.lastError}\n`);
      this.conn?.close();
      this.conn = null;
      return false;
    }
    return true;
  }
}

/** Commands whose lines are kept out of the history file (they carry passwords). */
function isDangerous(argv: string[]): boolean {
  const a0 = (argv[0] ?? '').toLowerCase();
  const a1 = (argv[1] ?? '').toLowerCase();
  if (a0 === 'auth') return true;
  if (a0 === 'acl' && a1 === 'setuser') return true;
  if (a0 === 'hello' && argv.some((a) => a.toLowerCase() === 'auth')) return true;
  if (a0 === 'migrate' && argv.some((a) => a.toLowerCase() === 'auth' || a.toLowerCase() === 'auth2')) return true;
  if (a0 === 'config' && a1 === 'set' && argv.slice(2).some((a) => /^(masterauth|requirepass|masteruser)$/i.test(a))) return true;
  return false;
}

/** Lines of a piped stdin as latin1 strings, like linenoise without a terminal. */
async function* stdinLines(): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of process.stdin) {
    pending += (chunk as Buffer).toString('latin1');
    let nl: number;
    while ((nl = pending.indexOf('\n')) !== -1) {
      yield pending.slice(0, nl);
      pending = pending.slice(nl + 1);
    }
  }
  if (pending.length > 0) yield pending;
}

function historyPath(): string | null {
  const env = process.env['TSREDISCLI_HISTFILE'] ?? process.env['REDISCLI_HISTFILE'];
  if (env !== undefined) {
    if (env === '' || env === '/dev/null') return null;
    return env.startsWith('~/') ? path.join(os.homedir(), env.slice(2)) : env;
  }
  return path.join(os.homedir(), '.tsredisclihistory');
}

const HISTORY_MAX = 100;

/** Lines typed at a terminal, with history kept in the history file. */
class TerminalInput {
  private readonly rl: readline.Interface;
  private readonly file: string | null = historyPath();
  /** Oldest first, as stored in the file. */
  private readonly history: string[] = [];
  private closed = false;
  /** Lines typed (or pasted) while a command was still running. */
  private readonly queue: string[] = [];
  private waiter: ((line: string | null) => void) | null = null;

  constructor() {
    if (this.file !== null) {
      try {
        const lines = fs.readFileSync(this.file, 'utf8').split('\n').filter((l) => l.length > 0);
        this.history.push(...lines.slice(-HISTORY_MAX));
      } catch {
        // no history yet
      }
    }
    this.rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: true,
      historySize: HISTORY_MAX,
      history: [...this.history].reverse(),
      removeHistoryDuplicates: false,
      completer: (line: string): [string[], string] => complete(line),
    } as readline.ReadLineOptions);
    // Ctrl-C at the prompt ends the session, as it does in redis-cli.
    this.rl.on('SIGINT', () => {
      this.rl.close();
      process.exit(0);
    });
    this.rl.on('line', (line: string) => {
      const w = this.waiter;
      this.waiter = null;
      if (w !== null) w(line);
      else this.queue.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      const w = this.waiter;
      this.waiter = null;
      if (w !== null) w(null);
    });
  }

  read(prompt: string): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(null);
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Record a line in history (in memory and on disk), or drop it from readline's list. */
  remember(line: string, keep: boolean): void {
    const rlh = (this.rl as unknown as { history?: string[] }).history;
    if (!keep) {
      if (rlh !== undefined && rlh[0] === line) rlh.shift();
      return;
    }
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > HISTORY_MAX) this.history.splice(0, this.history.length - HISTORY_MAX);
    if (this.file !== null) {
      try {
        fs.writeFileSync(this.file, this.history.map((l) => l + '\n').join(''), { mode: 0o600 });
      } catch {
        // an unwritable history file is not an error
      }
    }
  }

  clearScreen(): void {
    process.stdout.write('\x1b[H\x1b[2J');
  }

  close(): void {
    this.rl.close();
  }
}

/** The interactive loop (repl() in redis-cli). */
async function repl(cli: Cli): Promise<number> {
  cli.interactive = true;
  const cfg = cli.cfg;
  const terminal = process.stdin.isTTY === true;
  const tin = terminal ? new TerminalInput() : null;
  const lines = terminal ? null : stdinLines();
  if (cli.conn !== null) await loadEntries(cli);
  try {
    for (;;) {
      let line: string | null;
      // What was typed, as text (history stores text; commands get the UTF-8 bytes).
      let typed: string | null = null;
      if (tin !== null) {
        typed = await tin.read(cli.conn !== null ? cli.prompt : 'not connected> ');
        line = typed === null ? null : toBytes(typed);
      } else {
        const n = await lines!.next();
        line = n.done === true ? null : n.value;
      }
      if (line === null) break;
      if (line.length === 0) continue;

      const argv = splitArgs(line);
      if (argv === null) {
        out('Invalid argument(s)\n');
        tin?.remember(typed ?? line, true);
        continue;
      }
      if (argv.length === 0) continue;

      // "3 INCR a" repeats the command three times.
      let repeat = 1;
      let skip = 0;
      const first = argv[0]!;
      const m = first === '' || /^\s*[+-]?\d+$/.test(first);
      if (argv.length > 1 && m) {
        const n = first === '' ? 0 : Number(first);
        if (!Number.isFinite(n) || n <= 0 || n > Number.MAX_SAFE_INTEGER) {
          out('Invalid redis-cli repeat command option value.\n');
          continue;
        }
        repeat = n;
        skip = 1;
      }
      const args = argv.slice(skip);
      tin?.remember(typed ?? line, !isDangerous(args));

      const cmd0 = argv[0]!.toLowerCase();
      if (cmd0 === 'quit' || cmd0 === 'exit') {
        return 0;
      } else if (argv[0]!.startsWith(':')) {
        // Preferences: ":set hints" / ":set nohints" are accepted (there are no hints to
        // show); anything else gets redis-cli's message, wording kept for parity.
        if (cmd0 === ':set' && argv.length >= 2) {
          const pref = argv[1]!.toLowerCase();
          if (pref !== 'hints' && pref !== 'nohints') out(`unknown redis-cli preference '${argv[1]}'\n`);
        } else {
          out(`unknown redis-cli internal command '${argv[0]}'\n`);
        }
        continue;
      } else if (cmd0 === 'restart') {
        out("Use 'restart' only in Lua debugging mode.\n");
      } else if (argv.length === 3 && cmd0 === 'connect') {
        cfg.host = argv[1]!;
        cfg.port = parseInt(argv[2]!, 10) || 0;
        cfg.socket = null;
        cli.refreshPrompt();
        await cli.connect(true, false);
      } else if (argv.length === 1 && cmd0 === 'clear') {
        tin?.clearScreen();
      } else {
        const start = Date.now();
        await cli.issueCommandRepeat(args, repeat);
        const elapsed = Date.now() - start;
        if (elapsed >= 500 && cfg.output === OUTPUT_STANDARD) out(`(${fixed2(elapsed / 1000)}s)\n`);
      }
    }
    return 0;
  } finally {
    tin?.close();
  }
}

/** One command from the command line (noninteractive() in redis-cli). */
async function noninteractive(cli: Cli, args: string[]): Promise<number> {
  let argv = args;
  if (cli.cfg.quotedInput) {
    const unquoted: string[] = [];
    for (const a of argv) {
      const parts = splitArgs(a);
      if (parts === null || parts.length !== 1) {
        out('Invalid quoted string\n');
        return 1;
      }
      unquoted.push(parts[0]!);
    }
    argv = unquoted;
  }
  if (cli.cfg.stdinLastArg) {
    argv = [...argv, await readAllStdin()];
  } else if (cli.cfg.stdinTag !== null) {
    const tag = cli.cfg.stdinTag;
    const idx = argv.indexOf(tag);
    if (idx === -1) {
      err(`Using -X option but stdin tag not match.\n`);
      return 1;
    }
    argv = [...argv];
    argv[idx] = await readAllStdin();
  }
  return (await cli.issueCommandRepeat(argv, cli.cfg.repeat)) ? 0 : 1;
}

async function run(): Promise<number> {
  const stdoutTTY = process.stdout.isTTY === true || process.env['FAKETTY'] !== undefined;
  const cfg = defaultConfig(stdoutTTY);
  const ver = version();
  try {
    parseOptions(rawArgs(), cfg, () => usageText(ver), ver);
  } catch (e) {
    if (e instanceof CliExit) {
      (e.toStdout ? out : err)(e.text);
      return e.code;
    }
    throw e;
  }
  if (cfg.auth === null) {
    const envAuth = process.env['REDISCLI_AUTH'];
    if (envAuth !== undefined) cfg.auth = toBytes(envAuth);
  } else if (cfg.authFromArgs && !cfg.noAuthWarning) {
    err("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n");
  }
  const cli = new Cli(cfg);
  if (cfg.scan) {
    if (!(await cli.connect(false, false))) return 1;
    return scanMode(cli);
  }
  if (cfg.stat) {
    if (!(await cli.connect(false, false))) return 1;
    return statMode(cli);
  }
  if (cfg.latency !== 0) {
    if (!(await cli.connect(false, false))) return 1;
    return latencyMode(cli);
  }
  if (cfg.pipe) {
    if (!(await cli.connect(false, false))) return 1;
    return pipeMode(cli);
  }
  if (cfg.evalFile !== null) {
    await cli.connect(false, true);
    return evalMode(cli, cfg.args);
  }
  if (cfg.args.length === 0) {
    // Like redis-cli, a failed first connection is reported but the prompt still starts;
    // every command retries.
    await cli.connect(false, false);
    return repl(cli);
  }
  await cli.connect(false, true);
  return noninteractive(cli, cfg.args);
}

function finish(code: number): void {
  // Flush what is buffered for a pipe or terminal before leaving.
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
}

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  run().then(finish, (e: unknown) => {
    if (e instanceof ExitSignal) return finish(e.code);
    err(`tsredis-cli: ${(e as Error).stack ?? String(e)}\n`);
    finish(1);
  });
}

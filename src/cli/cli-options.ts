// tsredis-cli command-line options: redis-cli 7.0's option set (the subset that makes
// sense without TLS and cluster tooling), parsed with redis-cli's rules: options come
// first, the first argument not starting with '-' is the command, and an option missing
// its value (or unknown) is "Unrecognized option or bad number of args for: '<opt>'".

export const OUTPUT_STANDARD = 0;
export const OUTPUT_RAW = 1;
export const OUTPUT_CSV = 2;

export interface CliConfig {
  host: string;
  port: number;
  socket: string | null;
  user: string | null;
  auth: string | null;
  /** Whether the password came from the command line (-a, --pass, -u): warn about it. */
  authFromArgs: boolean;
  noAuthWarning: boolean;
  dbnum: number;
  repeat: number;
  /** Pause after each repetition, in ms. */
  intervalMs: number;
  resp3: boolean;
  output: number;
  mbDelim: string;
  cmdDelim: string;
  stdinLastArg: boolean;
  stdinTag: string | null;
  setErrcode: boolean;
  quotedInput: boolean;
  pushOutput: boolean;
  scan: boolean;
  pattern: string | null;
  count: number;
  evalFile: string | null;
  pipe: boolean;
  stat: boolean;
  /** --latency (1) or --latency-history (2); 0 when off. */
  latency: number;
  /** --pipe-timeout in seconds (0: wait forever). */
  pipeTimeout: number;
  verbose: boolean;
  /** The command and its arguments (latin1 byte strings). */
  args: string[];
}

/** Thrown to end the process from option parsing: message to stderr (or stdout), code. */
export class CliExit extends Error {
  constructor(readonly code: number, readonly text: string, readonly toStdout = false) {
    super(text);
  }
}

const UNSUPPORTED = new Set([
  '--tls', '--sni', '--cacert', '--cacertdir', '--insecure', '--cert', '--key', '--tls-ciphers',
  '--tls-ciphersuites', '--latency-dist', '--lru-test',
  '--replica', '--slave', '--rdb', '--functions-rdb', '--bigkeys',
  '--memkeys', '--memkeys-samples', '--hotkeys', '--intrinsic-latency', '--ldb', '--ldb-sync-mode',
  '--cluster', '-c', '--json', '--quoted-json', '--askpass',
]);

export function defaultConfig(stdoutIsTTY: boolean): CliConfig {
  return {
    host: '127.0.0.1',
    port: 6379,
    socket: null,
    user: null,
    auth: null,
    authFromArgs: false,
    noAuthWarning: false,
    dbnum: 0,
    repeat: 1,
    intervalMs: 0,
    resp3: false,
    output: stdoutIsTTY ? OUTPUT_STANDARD : OUTPUT_RAW,
    mbDelim: '\n',
    cmdDelim: '\n',
    stdinLastArg: false,
    stdinTag: null,
    setErrcode: false,
    quotedInput: false,
    pushOutput: stdoutIsTTY,
    scan: false,
    pattern: null,
    count: 0,
    evalFile: null,
    pipe: false,
    stat: false,
    latency: 0,
    pipeTimeout: 30,
    verbose: false,
    args: [],
  };
}

/** C atoi(): leading whitespace, optional sign, digits; garbage stops it; default 0. */
export function atoi(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  const v = Number(m[1]);
  // int overflow wraps in C; keep it within 32 bits like a typical atoi.
  return v | 0;
}

/** strtod() prefix, 0 when nothing parses. */
function strtod(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(s);
  return m === null ? 0 : Number(m[0]);
}

/** Decode %XX escapes in URI parts. */
function percentDecode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%' && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/** redis://[[user][:password]@][host][:port][/db] (rediss:// needs TLS: unsupported). */
export function parseUri(cfg: CliConfig, uri: string): void {
  const scheme = 'redis://';
  if (uri.startsWith('rediss://')) {
    throw new CliExit(1, 'tsredis-cli: TLS (rediss://) is not supported\n');
  }
  if (!uri.startsWith(scheme)) {
    throw new CliExit(1, 'Invalid URI scheme\n');
  }
  let curr = uri.slice(scheme.length);
  const at = curr.indexOf('@');
  if (at !== -1) {
    const colon = curr.indexOf(':');
    let userinfo = curr.slice(0, at);
    if (colon !== -1 && colon < at) {
      cfg.user = percentDecode(curr.slice(0, colon));
      userinfo = curr.slice(colon + 1, at);
    }
    cfg.auth = percentDecode(userinfo);
    cfg.authFromArgs = true;
    curr = curr.slice(at + 1);
  }
  if (curr.length === 0) return;
  const slash = curr.indexOf('/');
  const hostport = slash === -1 ? curr : curr.slice(0, slash);
  if (hostport.length > 0) {
    const colon = hostport.lastIndexOf(':');
    if (colon !== -1) {
      cfg.host = hostport.slice(0, colon);
      cfg.port = atoi(hostport.slice(colon + 1));
    } else {
      cfg.host = hostport;
    }
  }
  if (slash !== -1) {
    const db = curr.slice(slash + 1);
    if (db.length > 0) cfg.dbnum = atoi(db);
  }
}

/**
 * Parse argv (without node and script). Throws CliExit for --help, --version and errors.
 * args are latin1 byte strings (see cli-main.ts for how they are obtained).
 */
export function parseOptions(argv: string[], cfg: CliConfig, usage: () => string, version: string): CliConfig {
  let i = 0;
  let resp2 = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const lastarg = i === argv.length - 1;
    const next = (): string => argv[++i]!;
    if (a === '-h' && !lastarg) cfg.host = next();
    else if (a === '-h' && lastarg) throw new CliExit(0, usage(), true);
    else if (a === '--help') throw new CliExit(0, usage(), true);
    else if (a === '-x') cfg.stdinLastArg = true;
    else if (a === '-X' && !lastarg) cfg.stdinTag = next();
    else if (a === '-p' && !lastarg) cfg.port = atoi(next());
    else if (a === '-s' && !lastarg) cfg.socket = next();
    else if (a === '-r' && !lastarg) cfg.repeat = Number.parseInt(next(), 10) || 0;
    else if (a === '-i' && !lastarg) cfg.intervalMs = strtod(next()) * 1000;
    else if (a === '-n' && !lastarg) cfg.dbnum = atoi(next());
    else if (a === '--no-auth-warning') cfg.noAuthWarning = true;
    else if ((a === '-a' || a === '--pass') && !lastarg) {
      cfg.auth = next();
      cfg.authFromArgs = true;
    } else if (a === '--user' && !lastarg) cfg.user = next();
    else if (a === '-u' && !lastarg) parseUri(cfg, next());
    else if (a === '--raw') cfg.output = OUTPUT_RAW;
    else if (a === '--no-raw') cfg.output = OUTPUT_STANDARD;
    else if (a === '--quoted-input') cfg.quotedInput = true;
    else if (a === '--csv') cfg.output = OUTPUT_CSV;
    else if (a === '--show-pushes' && !lastarg) {
      const v = next().toLowerCase();
      if (v === 'yes' || v === 'y' || v === '1' || v === 'true') cfg.pushOutput = true;
      else if (v === 'no' || v === 'n' || v === '0' || v === 'false') cfg.pushOutput = false;
      else throw new CliExit(1, `Warning: unknown argument to --show-pushes '${v}'\n`);
    } else if (a === '--scan') cfg.scan = true;
    else if ((a === '--pattern' || a === '--quoted-pattern') && !lastarg) cfg.pattern = next();
    else if (a === '--count' && !lastarg) cfg.count = atoi(next());
    else if (a === '--eval' && !lastarg) cfg.evalFile = next();
    else if (a === '--pipe') cfg.pipe = true;
    else if (a === '--stat') cfg.stat = true;
    else if (a === '--latency') cfg.latency = 1;
    else if (a === '--latency-history') cfg.latency = 2;
    else if (a === '--pipe-timeout' && !lastarg) cfg.pipeTimeout = atoi(next());
    else if (a === '-d' && !lastarg) cfg.mbDelim = next();
    else if (a === '-D' && !lastarg) cfg.cmdDelim = next();
    else if (a === '-e') cfg.setErrcode = true;
    else if (a === '--verbose') cfg.verbose = true;
    else if (a === '-2') resp2 = true;
    else if (a === '-3') cfg.resp3 = true;
    else if (a === '-v' || a === '--version') throw new CliExit(0, `tsredis-cli ${version}\n`, true);
    else if (UNSUPPORTED.has(a)) throw new CliExit(1, `tsredis-cli: option '${a}' is not supported\n`);
    else if (a.startsWith('-')) throw new CliExit(1, `Unrecognized option or bad number of args for: '${a}'\n`);
    else break; // the command name
  }
  if (resp2 && cfg.resp3) throw new CliExit(1, 'Options -2 and -3 are mutually exclusive.\n');
  cfg.args = argv.slice(i);
  return cfg;
}

export function usageText(version: string): string {
  return `tsredis-cli ${version}

Usage: tsredis-cli [OPTIONS] [cmd [arg [arg ...]]]
  -h <hostname>      Server hostname (default: 127.0.0.1).
  -p <port>          Server port (default: 6379).
  -s <socket>        Server socket (overrides hostname and port).
  -a <password>      Password to use when connecting to the server.
                     You can also use the REDISCLI_AUTH environment
                     variable to pass this password more safely
                     (if both are used, this argument takes precedence).
  --user <username>  Used to send ACL style 'AUTH username pass'. Needs -a.
  --pass <password>  Alias of -a for consistency with the new --user option.
  -u <uri>           Server URI: redis://[[user]:password@]host[:port][/db].
  -r <repeat>        Execute specified command N times (-1: forever).
  -i <interval>      When -r is used, waits <interval> seconds per command.
                     Sub-second times like -i 0.1 are allowed.
  -n <db>            Database number.
  -2                 Start session in RESP2 protocol mode.
  -3                 Start session in RESP3 protocol mode.
  -x                 Read last argument from STDIN.
  -X <tag>           Read <tag> argument from STDIN.
  -d <delimiter>     Delimiter between response bulks for raw formatting (default: \\n).
  -D <delimiter>     Delimiter between responses for raw formatting (default: \\n).
  -e                 Return exit error code when command execution fails.
  --raw              Use raw formatting for replies (default when STDOUT is
                     not a tty).
  --no-raw           Force formatted output even when STDOUT is not a tty.
  --quoted-input     Force input to be handled as quoted strings.
  --csv              Output in CSV format.
  --show-pushes <yn> Whether to print RESP3 PUSH messages.  Enabled by default when
                     STDOUT is a tty but can be overridden with --show-pushes no.
  --scan             List all keys using the SCAN command.
  --pattern <pat>    Keys pattern when using --scan (default: *).
  --quoted-pattern <pat> Same as --pattern, but the string can be quoted.
  --count <count>    Count option when using --scan.
  --stat             Print rolling stats about server: mem, clients, ...
  --latency          Enter a special mode continuously sampling latency.
                     On a terminal it runs until Ctrl-C; with --raw or --csv, or
                     when stdout is not a terminal, it samples for 1 second (-i
                     changes that), prints one line and exits.
  --latency-history  Like --latency but tracking latency changes over time.
                     Default time interval is 15 sec. Change it using -i.
  --pipe             Transfer raw Redis protocol from stdin to server.
  --pipe-timeout <n> In --pipe mode, abort with error if after sending all data.
                     no reply is received within <n> seconds.
                     Default timeout: 30. Use 0 to wait forever.
  --eval <file>      Send an EVAL command using the Lua script at <file>.
  --verbose          Verbose mode.
  --no-auth-warning  Don't show warning message when using password on command
                     line interface.
  --help             Output this help and exit.
  --version          Output version and exit.

Examples:
  cat /etc/passwd | tsredis-cli -x set mypasswd
  tsredis-cli -r 100 lpush mylist x
  tsredis-cli -r 100 -i 1 info | grep used_memory_human:
  tsredis-cli --quoted-input set '"null-\\x00-separated"' value
  tsredis-cli --eval myscript.lua key1 key2 , arg1 arg2 arg3
  tsredis-cli --scan --pattern '*:12345*'

  (Note: when using --eval the comma separates KEYS[] from ARGV[] items)

When no command is given, tsredis-cli starts in interactive mode.
Type "help" in interactive mode for information on available commands.

`;
}

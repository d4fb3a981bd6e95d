// Command-line and config-file loading with redis-server's rules:
//
//   tsredis-server [/path/to/redis.conf] [-] [--directive value ...]
//
// As Redis does, the command line is turned into extra config-file text appended after
// the file: every "--name" starts a line, every other argument is appended to it quoted
// (so `--save ""` is an empty save list and `--save 900 1 --save 300 10` two save lines),
// then the whole text is read line by line: one directive per line, sdssplitargs quoting,
// `include` of other files, multi-word directives such as `save 900 1 300 10`. The first
// bad line stops everything with Redis's "*** FATAL CONFIG FILE ERROR ***" report.

import { readFileSync, openSync, closeSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { splitArgs } from '../protocol/parser.js';
import { repr } from '../util/strings.js';
import { stringMatch } from '../util/glob.js';
import { Config, ConfigError, strerror } from './config.js';

/** A fatal configuration error, with the offending line when there is one. */
export class ConfigFileError extends Error {
  constructor(
    message: string,
    readonly lineNo: number | null = null,
    readonly line: string | null = null,
  ) {
    super(message);
  }
}

/** A config file that cannot be read: Redis logs this one and exits, with no banner. */
export class ConfigOpenError extends ConfigFileError {}

/** Redis's report for a bad configuration, byte for byte (version as given). */
export function formatFatal(e: ConfigFileError, redisVersion: string): string {
  let out = `\n*** FATAL CONFIG FILE ERROR (Redis ${redisVersion}) ***\n`;
  if (e.lineNo !== null) {
    out += `Reading the configuration file, at line ${e.lineNo}\n`;
    out += `>>> '${e.line}'\n`;
  }
  return out + `${e.message}\n`;
}

/** Config file, stdin flag and option text derived from redis-server style argv. */
export interface ServerArgs {
  configFile: string | null;
  fromStdin: boolean;
  options: string;
}

/** Build the option text exactly as redis-server's main() does from its argv. */
export function buildServerArgs(argv: string[]): ServerArgs {
  let j = 0;
  let configFile: string | null = null;
  let fromStdin = false;
  if (argv.length > 0 && !argv[0]!.startsWith('-')) {
    configFile = path.resolve(argv[0]!);
    j = 1;
  }
  let options = '';
  let handledLastConfigArg = true;
  for (; j < argv.length; j++) {
    const a = argv[j]!;
    if (a === '-' && (j === 0 || j === argv.length - 1)) {
      fromStdin = true;
    } else if (handledLastConfigArg && a.startsWith('--')) {
      if (options.length > 0) options += '\n';
      options += a.slice(2) + ' ';
      const words = splitArgs(a) ?? [];
      if (words.length === 1) {
        // Only an option name ("--port"): the next argument is its value, whatever it is.
        handledLastConfigArg = false;
        const next = argv[j + 1];
        const isSave = a.toLowerCase() === '--save';
        const isSentinel = a.toLowerCase() === '--sentinel';
        if (next !== undefined && next.startsWith('--') && isSave) {
          // `--save --port 7000`: an empty save, as Redis before 7.0.1 accepted.
          options += '""';
          handledLastConfigArg = true;
        } else if (next === undefined && isSave) {
          options += '""';
        } else if (next !== undefined && next.startsWith('--') && isSentinel) {
          handledLastConfigArg = true;
        }
      } else {
        // "--port 6380" in one argument: name and value together.
        handledLastConfigArg = true;
      }
    } else {
      options += repr(a) + ' ';
      handledLastConfigArg = true;
    }
  }
  return { configFile, fromStdin, options };
}

/** Directives Redis accepts that tsredis has nothing to do with (yet). */
export interface LoadHooks {
  /** rename-command <name> <newname>: return an error text or null. */
  renameCommand?: (from: string, to: string) => string | null;
  /** user <name> <rules...>: collected, applied to the ACLs when the server starts. */
  user?: (args: string[]) => void;
}

const DEPRECATED = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

/** Read a config file (or every file a glob matches), as loadServerConfig does. */
function readConfigFile(file: string): string {
  if (/[*?[]/.test(file)) {
    // Wildcard includes: no match is fine (an empty conf.d directory).
    const dir = path.dirname(file);
    const base = path.basename(file);
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => stringMatch(base, n, false) && !n.startsWith('.')).sort();
    } catch {
      return '';
    }
    return names.map((n) => readOne(path.join(dir, n))).join('');
  }
  return readOne(file);
}

function readOne(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (e) {
    throw new ConfigOpenError(`Fatal error, can't open config file '${file}': ${strerror((e as NodeJS.ErrnoException).code)}`);
  }
}

/**
 * Load configuration text into `config`, line by line (Redis's
 * loadServerConfigFromString). Throws ConfigFileError at the first bad line.
 */
export function loadConfigText(config: Config, text: string, hooks: LoadHooks = {}, depth = 0): void {
  config.readingFile = true;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    const fail = (msg: string): never => {
      throw new ConfigFileError(msg, i + 1, line);
    };
    const argv = splitArgs(line);
    if (argv === null) fail('Unbalanced quotes in configuration line');
    if (argv!.length === 0) continue;
    const name = argv![0]!.toLowerCase();
    const args = argv!.slice(1);
    if (Config.def(name)) {
      try {
        config.setArgs(name, args);
      } catch (e) {
        if (e instanceof ConfigError) fail(e.message);
        throw e;
      }
      continue;
    }
    if (DEPRECATED.has(name) && argv!.length === 2) continue;
    if (name === 'include' && argv!.length === 2) {
      if (depth > 32) fail('Too many nested include directives');
      loadConfigText(config, readConfigFile(args[0]!), hooks, depth + 1);
    } else if (name === 'rename-command' && argv!.length === 3) {
      const err = hooks.renameCommand ? hooks.renameCommand(args[0]!, args[1]!) : 'rename-command is not supported by tsredis';
      if (err !== null) fail(err);
    } else if (name === 'user' && argv!.length >= 2) {
      if (hooks.user) hooks.user(args);
    } else if (name === 'loadmodule' && argv!.length >= 2) {
      fail('Module loading is not supported by tsredis');
    } else if (name === 'sentinel') {
      if (argv!.length !== 1) fail('sentinel directive while not in sentinel mode');
    } else {
      fail('Bad directive or wrong number of arguments');
    }
  }
  config.readingFile = false;
}

/**
 * Load a config file (optional), stdin (optional) and command-line option text, then run
 * Redis's post-load checks. `readStdin` is injectable for tests.
 */
export function loadServerConfig(config: Config, a: ServerArgs, hooks: LoadHooks = {}, readStdin: () => string = () => readFileSync(0, 'latin1')): void {
  let text = '';
  if (a.configFile !== null) text += readConfigFile(a.configFile);
  if (a.fromStdin) text += readStdin();
  if (a.options.length > 0) text += '\n' + a.options;
  loadConfigText(config, text, hooks);
  const logfile = config.str('logfile');
  if (logfile !== '') {
    try {
      closeSync(openSync(logfile, 'a'));
    } catch (e) {
      throw new ConfigFileError(`Can't open the log file: ${strerror((e as NodeJS.ErrnoException).code)}`);
    }
  }
}

/**
 * Parse redis-server style argv into startup options for `new Server(options)`: every
 * parameter whose value differs from its default, in CONFIG SET text form.
 * Throws ConfigFileError.
 */
export function serverOptionsFromArgs(argv: string[], hooks: LoadHooks = {}): { options: Record<string, string>; configFile: string | null; users: string[][] } {
  const a = buildServerArgs(argv);
  const scratch = new Config();
  const users: string[][] = [];
  loadServerConfig(scratch, a, { user: (args) => users.push(args), ...hooks });
  return { options: scratch.nonDefault(), configFile: a.configFile === null ? null : path.resolve(a.configFile), users };
}

// Redaction of secrets in the argv that MONITOR and SLOWLOG show, as Redis 7.0's
// redactClientCommandArgument: AUTH passwords (and user), HELLO ... AUTH user pass,
// MIGRATE ... AUTH pass / AUTH2 user pass, and values of sensitive parameters in CONFIG SET.

import type { CommandSpec } from '../commands/spec.js';
import { Config } from '../config/config.js';
import { eqi } from '../util/strings.js';

const REDACTED = '(redacted)';

/** argv with secret arguments replaced by "(redacted)"; the same array when nothing is secret. */
export function redactArgv(spec: CommandSpec, argv: string[]): string[] {
  const name = spec.parent !== undefined ? spec.parent.name : spec.name;
  switch (name) {
    case 'auth':
      if (argv.length > 3) return argv;
      return argv.map((a, i) => (i >= 1 ? REDACTED : a));
    case 'hello': {
      let out: string[] | null = null;
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - j - 1;
        if (eqi(argv[j]!, 'auth') && more >= 2) {
          out ??= argv.slice();
          out[j + 1] = REDACTED;
          out[j + 2] = REDACTED;
          j += 2;
        } else if (eqi(argv[j]!, 'setname') && more >= 1) {
          j += 1;
        }
      }
      return out ?? argv;
    }
    case 'migrate': {
      let out: string[] | null = null;
      for (let j = 6; j < argv.length; j++) {
        if (eqi(argv[j]!, 'auth') && j + 1 < argv.length) {
          out ??= argv.slice();
          out[j + 1] = REDACTED;
          j += 1;
        } else if (eqi(argv[j]!, 'auth2') && j + 2 < argv.length) {
          out ??= argv.slice();
          out[j + 1] = REDACTED;
          out[j + 2] = REDACTED;
          j += 2;
        } else if (eqi(argv[j]!, 'keys')) {
          break;
        }
      }
      return out ?? argv;
    }
    case 'config': {
      if (spec.name !== 'set') return argv;
      let out: string[] | null = null;
      for (let j = 2; j + 1 < argv.length; j += 2) {
        if (Config.def(argv[j]!)?.sensitive) {
          out ??= argv.slice();
          out[j + 1] = REDACTED;
        }
      }
      return out ?? argv;
    }
    case 'acl':
      // ACL SETUSER: the user name and every rule (passwords among them).
      if (spec.name !== 'setuser') return argv;
      return argv.map((a, i) => (i >= 2 ? REDACTED : a));
    default:
      return argv;
  }
}

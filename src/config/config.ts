// Server configuration: one table of parameters (src/config/params.ts) serves the config
// file, command-line flags, CONFIG GET/SET/RESETSTAT and later CONFIG REWRITE.
// Values are kept typed (number / boolean / string) for fast reads on hot paths;
// `format` renders them as CONFIG GET prints them.

import { PARAMS, type ParamDef } from './params.js';

export type ConfigValue = number | boolean | string;

export class ConfigError extends Error {}

export class Config {
  private readonly values = new Map<string, ConfigValue>();
  private readonly listeners = new Map<string, ((v: ConfigValue) => void)[]>();
  /** Canonical name of each parameter name or alias (lowercase). */
  private static readonly byName: Map<string, ParamDef> = (() => {
    const m = new Map<string, ParamDef>();
    for (const p of PARAMS) {
      m.set(p.name, p);
      for (const a of p.aliases ?? []) m.set(a, p);
    }
    return m;
  })();

  constructor() {
    for (const p of PARAMS) this.values.set(p.name, parseValue(p, p.default));
  }

  static def(name: string): ParamDef | undefined {
    return Config.byName.get(name.toLowerCase());
  }

  static all(): readonly ParamDef[] {
    return PARAMS;
  }

  num(name: string): number {
    return this.values.get(name) as number;
  }

  bool(name: string): boolean {
    return this.values.get(name) as boolean;
  }

  str(name: string): string {
    return this.values.get(name) as string;
  }

  raw(name: string): ConfigValue | undefined {
    return this.values.get(name);
  }

  /** Subscribe to changes of a parameter (CONFIG SET, startup options). */
  on(name: string, fn: (v: ConfigValue) => void): void {
    let arr = this.listeners.get(name);
    if (!arr) this.listeners.set(name, (arr = []));
    arr.push(fn);
  }

  /**
   * Set a parameter from its textual form. `startup` allows immutable parameters.
   * Throws ConfigError with the reason Redis would print.
   */
  set(name: string, text: string, startup = false): void {
    const def = Config.def(name);
    if (!def) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    if (def.immutable && !startup) throw new ConfigError(`can't set immutable config`);
    const v = parseValue(def, text);
    this.values.set(def.name, v);
    const ls = this.listeners.get(def.name);
    if (ls) for (const fn of ls) fn(v);
  }

  /** Validate without applying (CONFIG SET applies all-or-nothing). */
  check(name: string, text: string, startup = false): ParamDef {
    const def = Config.def(name);
    if (!def) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    if (def.immutable && !startup) throw new ConfigError(`can't set immutable config`);
    parseValue(def, text);
    return def;
  }

  /** The value as CONFIG GET prints it. */
  format(name: string): string {
    const def = Config.def(name)!;
    const v = this.values.get(def.name)!;
    return formatValue(def, v);
  }
}

const MEMORY_UNITS: Record<string, number> = {
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** Redis memtoull: "1gb", "100mb", "5k", plain bytes; null if invalid. */
export function parseMemory(text: string): number | null {
  const m = /^(-?\d+)([a-zA-Z]*)$/.exec(text);
  if (!m) return null;
  const unit = m[2]!.toLowerCase();
  const mul = unit === '' ? 1 : MEMORY_UNITS[unit];
  if (mul === undefined) return null;
  return parseInt(m[1]!, 10) * mul;
}

function parseValue(def: ParamDef, text: string): ConfigValue {
  if (def.parse) return def.parse(text);
  switch (def.type) {
    case 'bool': {
      const t = text.toLowerCase();
      if (t === 'yes') return true;
      if (t === 'no') return false;
      throw new ConfigError('argument must be \'yes\' or \'no\'');
    }
    case 'int': {
      if (!/^-?\d+$/.test(text)) throw new ConfigError('argument couldn\'t be parsed into an integer');
      const n = parseInt(text, 10);
      checkRange(def, n);
      return n;
    }
    case 'memory': {
      const n = parseMemory(text);
      if (n === null) throw new ConfigError('argument must be a memory value');
      checkRange(def, n);
      return n;
    }
    case 'enum': {
      const t = text.toLowerCase();
      if (!def.values!.includes(t)) throw new ConfigError(`argument(s) must be one of the following: ${def.values!.join(', ')}`);
      return t;
    }
    case 'string':
      return text;
  }
}

function checkRange(def: ParamDef, n: number): void {
  if ((def.min !== undefined && n < def.min) || (def.max !== undefined && n > def.max)) {
    throw new ConfigError(`argument must be between ${def.min} and ${def.max} inclusive`);
  }
}

function formatValue(def: ParamDef, v: ConfigValue): string {
  if (def.format) return def.format(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

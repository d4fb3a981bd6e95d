// Small string helpers shared across layers.

/** Redis's sdscatrepr: a double-quoted, escaped representation of latin1 bytes. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        if (c >= 32 && c < 127) out += s[i];
        else out += '\\x' + (c < 16 ? '0' : '') + c.toString(16);
    }
  }
  return out + '"';
}

/** Lowercase ASCII only (latin1 bytes >= 128 unchanged, like C tolower in the C locale). */
export function asciiLower(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      needs = true;
      break;
    }
  }
  if (!needs) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[i];
  }
  return out;
}

/** Case-insensitive ASCII equality against a lowercase literal (no allocation). */
export function eqi(s: string, lower: string): boolean {
  const n = s.length;
  if (n !== lower.length) return false;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** Latin1 string → Buffer (bytes). */
export function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

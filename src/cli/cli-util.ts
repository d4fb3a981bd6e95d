// tsredis-cli shared helpers: byte-exact output, C-compatible number formatting, stdin.

/** Write a latin1 string to stdout byte for byte. */
export function out(s: string): void {
  process.stdout.write(Buffer.from(s, 'latin1'));
}

/** Write a latin1 string to stderr byte for byte. */
export function err(s: string): void {
  process.stderr.write(Buffer.from(s, 'latin1'));
}

/**
 * printf("%.2f"): like toFixed(2) except on exact ties, where C rounds half to even
 * (0.125 -> "0.12") and toFixed rounds up.
 */
export function fixed2(x: number): string {
  const long = x.toFixed(20);
  const dot = long.indexOf('.');
  if (dot !== -1 && /^50*$/.test(long.slice(dot + 3))) {
    const lastDigit = long.charCodeAt(dot + 2) - 48;
    if (lastDigit % 2 === 0) return long.slice(0, dot + 3);
  }
  return x.toFixed(2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('latin1');
}


// Logging in Redis's style: "pid:M 25 Nov 2026 10:05:27.123 * message", levels
// debug (.), verbose (-), notice (*), warning (#). Writes to stdout or a log file.

import { appendFileSync } from 'node:fs';

export const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning', 'nothing'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const MARKS = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export class Logger {
  level = 2;
  file = '';
  role = 'M';

  setLevel(name: string): void {
    const i = LOG_LEVELS.indexOf(name as LogLevel);
    this.level = i < 0 ? 2 : i;
  }

  log(level: number, message: string): void {
    if (level < this.level) return;
    const d = new Date();
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const ts = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
    const line = `${process.pid}:${this.role} ${ts} ${MARKS[level] ?? '*'} ${message}\n`;
    if (this.file === '') process.stdout.write(line);
    else {
      try {
        appendFileSync(this.file, line);
      } catch {
        // Logging must never take the server down.
      }
    }
  }

  debug(m: string): void {
    this.log(0, m);
  }
  verbose(m: string): void {
    this.log(1, m);
  }
  notice(m: string): void {
    this.log(2, m);
  }
  warning(m: string): void {
    this.log(3, m);
  }
}

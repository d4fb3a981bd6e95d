// tsredis-cli connection: one TCP or unix-socket connection to the server, commands sent
// as RESP multibulks of latin1 argument bytes, replies read one at a time (promise per
// reply; the CLI is interactive, so this is never a hot path). Error texts are the ones
// hiredis puts in context->errstr, because redis-cli prints them verbatim.

import net from 'node:net';
import { type Reply, ReplyReader, ReplyProtocolError } from './cli-reply.js';

/** strerror() texts for the errno codes Node reports. */
const STRERROR: Record<string, string> = {
  ECONNREFUSED: 'Connection refused',
  ENOENT: 'No such file or directory',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_SERVICE: 'Servname not supported for ai_socktype',
  EACCES: 'Permission denied',
  ETIMEDOUT: 'Connection timed out',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENOTSOCK: 'Socket operation on non-socket',
  EINVAL: 'Invalid argument',
};

export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && STRERROR[err.code] !== undefined) return STRERROR[err.code]!;
  return err && err.message ? err.message : String(e);
}

/** Why a read failed: 'eof' (server closed), 'io' (socket error), 'protocol' (bad bytes). */
export class ConnError extends Error {
  constructor(readonly kind: 'eof' | 'io' | 'protocol', message: string, readonly code = '') {
    super(message);
  }
}

export interface ConnectTarget {
  host: string;
  port: number;
  socket: string | null;
}

/** Encode argv (latin1 byte strings) as a RESP multibulk. */
export function encodeArgv(argv: string[]): Buffer {
  let head = `*${argv.length}\r\n`;
  const parts: Buffer[] = [];
  for (const a of argv) {
    head += `$${a.length}\r\n`;
    parts.push(Buffer.from(head, 'latin1'), Buffer.from(a, 'latin1'));
    head = '\r\n';
  }
  parts.push(Buffer.from(head, 'latin1'));
  return Buffer.concat(parts);
}

export class Connection {
  private readonly reader = new ReplyReader();
  private readonly replies: Reply[] = [];
  private waiter: (() => void) | null = null;
  /** Set once the connection is unusable; later reads fail with it. */
  failure: ConnError | null = null;
  /** When set, replies go here instead of the read() queue (--pipe counts millions). */
  onReply: ((r: Reply) => void) | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      if (this.failure !== null) return;
      this.reader.feed(d);
      try {
        for (let r = this.reader.next(); r !== undefined; r = this.reader.next()) {
          if (this.onReply !== null) this.onReply(r);
          else this.replies.push(r);
        }
      } catch (e) {
        const msg = e instanceof ReplyProtocolError ? e.message : String(e);
        this.failure = new ConnError('protocol', msg);
        socket.destroy();
      }
      this.wake();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (this.failure === null) this.failure = new ConnError('io', errnoText(e), e.code ?? '');
      this.wake();
    });
    socket.on('close', () => {
      if (this.failure === null) this.failure = new ConnError('eof', 'Server closed the connection');
      this.wake();
    });
  }

  static connect(t: ConnectTarget): Promise<Connection> {
    return new Promise((resolve, reject) => {
      if (t.socket === null && t.port < 0) {
        // getaddrinfo() rejects a negative service number.
        reject(Object.assign(new Error('bad port'), { code: 'EAI_SERVICE' }));
        return;
      }
      const s = t.socket !== null ? net.createConnection({ path: t.socket }) : net.createConnection({ host: t.host, port: t.port & 0xffff });
      const onError = (e: Error): void => {
        s.destroy();
        reject(e);
      };
      s.once('error', onError);
      s.once('connect', () => {
        s.off('error', onError);
        if (t.socket === null) {
          s.setNoDelay(true);
          s.setKeepAlive(true, 15000);
        }
        resolve(new Connection(s));
      });
    });
  }

  get broken(): boolean {
    return this.failure !== null;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    if (w !== null) w();
  }

  send(argv: string[]): void {
    if (this.failure === null) this.socket.write(encodeArgv(argv));
  }

  /** Write raw protocol bytes; resolves when the socket can take more. */
  sendRaw(data: Buffer): Promise<void> {
    if (this.failure !== null || this.socket.write(data)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Resolves at the next reply, failure, or after ms (whichever first). */
  waitActivity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = null;
        resolve();
      }, ms);
      this.waiter = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** The next reply; rejects with ConnError when the connection fails first. */
  async read(): Promise<Reply> {
    for (;;) {
      const r = this.replies.shift();
      if (r !== undefined) return r;
      if (this.failure !== null) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  /** Send one command and read its reply (used for AUTH/SELECT/HELLO at connect time). */
  async command(argv: string[]): Promise<Reply> {
    this.send(argv);
    return this.read();
  }

  close(): void {
    this.failure ??= new ConnError('eof', 'Server closed the connection');
    this.socket.destroy();
  }
}

// Reading client sockets into one shared buffer.
//
// A net.Socket in its default mode allocates a Buffer per read and pushes it through the
// Readable stream machinery ('data' event). Node also has a leaner mode, the `onread`
// socket option (documented for client sockets): libuv reads into a caller-supplied
// buffer and a callback gets the byte count, no stream push, no allocation. Measured
// here with a minimal RESP responder under redis-benchmark -c 50: server CPU per request
// -18% at -P 16 and -10% at -P 1, p99 latency at -P 1 0.53 -> 0.38 ms.
//
// net.Server has no option to give accepted sockets `onread`, so attachSharedReader()
// switches an accepted (still paused) socket to it through the same two internal fields
// the option sets, plus the handle's useUserBuffer(). Where those are not found (another
// Node version or runtime) it returns false and the caller uses 'data' events.
//
// All sockets share one buffer: each read is handed to its callback synchronously, and
// the callback must not keep a view of it afterwards (RequestParser.detach copies what
// it still needs).

import type { Socket } from 'node:net';

/**
 * Bytes per read: Redis's PROTO_IOBUF_LEN. A bulk loader's read is then ~500 commands
 * (~0.2 ms of work), which with Server.yieldClient bounds what one client's burst
 * holds the loop for; a larger value only arrives in more reads.
 */
const READ_SIZE = 16 * 1024;
const shared = Buffer.allocUnsafe(READ_SIZE);

interface Internals {
  kBuffer: symbol;
  kBufferCb: symbol;
}

let internals: Internals | null | undefined;

function findInternals(sock: Socket): Internals | null {
  // Opt-out switch (and what the tests use to exercise the fallback).
  if (process.env.TSREDIS_STREAM_IO === '1') return null;
  const syms = Object.getOwnPropertySymbols(sock);
  const kBuffer = syms.find((s) => s.description === 'kBuffer');
  const kBufferCb = syms.find((s) => s.description === 'kBufferCb');
  const handle = (sock as unknown as { _handle?: { useUserBuffer?: unknown } })._handle;
  if (kBuffer === undefined || kBufferCb === undefined || typeof handle?.useUserBuffer !== 'function') return null;
  const s = sock as unknown as Record<symbol, unknown>;
  // The fields must be the option's (null until set), not something else of that name.
  if (s[kBuffer] !== null || s[kBufferCb] !== null) return null;
  return { kBuffer, kBufferCb };
}

/**
 * Make `sock` (accepted with pauseOnConnect, not yet resumed) deliver reads as
 * onChunk(buf, len): the bytes are buf[0, len) of a buffer shared by all sockets. Returns false if this runtime does not allow
 * it; the socket is then untouched. The caller resumes the socket either way.
 */
export function attachSharedReader(sock: Socket, onChunk: (buf: Buffer, len: number) => void): boolean {
  if (internals === undefined) internals = findInternals(sock);
  if (internals === null) return false;
  const handle = (sock as unknown as { _handle?: { useUserBuffer(b: Uint8Array): void } | null })._handle;
  if (handle === null || handle === undefined) return false;
  const s = sock as unknown as Record<symbol, unknown>;
  s[internals.kBuffer] = shared;
  s[internals.kBufferCb] = (n: number): void => {
    onChunk(shared, n);
  };
  handle.useUserBuffer(shared);
  return true;
}

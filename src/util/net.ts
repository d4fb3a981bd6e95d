// Network helpers for tools around the server (tests, benchmarks, the compat harness).

import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, then release). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

// Public embedding API: start a tsredis server inside the current Node.js process.
//
//   import { startServer } from 'tsredis';
//   const srv = await startServer({ port: 0 });   // any redis.conf directive, kebab or camelCase
//   ... connect a client to srv.host:srv.port ...
//   await srv.close();
//
// Each call creates an isolated server (its own keyspace, config, clients and timers).

import { Server } from './server/server.js';
import type { ConfigValue } from './config/config.js';

export { Server } from './server/server.js';

export type ServerOptions = Record<string, ConfigValue | undefined>;

export interface RunningServer {
  /** Port actually bound (useful with port 0). */
  readonly port: number;
  /** First bound address. */
  readonly host: string;
  /** The server object, for advanced embedding and tests. */
  readonly server: Server;
  /** Stop listening and close all clients. */
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const opts: ServerOptions = { bind: '127.0.0.1', loglevel: 'warning', ...options };
  const server = new Server(opts);
  await server.listen();
  return {
    port: server.port,
    host: server.host,
    server,
    close: () => server.close(),
  };
}

#!/usr/bin/env -S node --max-semi-space-size=4 --initial-old-space-size=64 --v8-pool-size=1
// tsredis-server [config-file] [--directive value ...]
// Same command line as redis-server: an optional redis.conf-syntax file, then any
// directive as a flag. Starts the server and handles SIGTERM/SIGINT gracefully.

// The shebang (and `npm start`) pass the V8 flags of node-flags.ts (why: see there).
import { Server, TSREDIS_VERSION, REDIS_VERSION } from '../server/server.js';
import { serverOptionsFromArgs, ConfigFileError, ConfigOpenError, formatFatal } from '../config/args.js';
import { hasSavePoints, rdbLoadFile, rdbSaveSync } from '../commands/save.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`tsredis server v=${TSREDIS_VERSION} (Redis ${REDIS_VERSION} compatible) node=${process.version}\n`);
    return;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write('Usage: tsredis-server [/path/to/redis.conf] [options]\n       tsredis-server --port 7777\n       tsredis-server ./my.conf --loglevel verbose\n');
    return;
  }
  // Config file + command line, loaded exactly as redis-server does (src/config/args.ts).
  let loaded: ReturnType<typeof serverOptionsFromArgs>;
  try {
    loaded = serverOptionsFromArgs(argv);
  } catch (e) {
    if (e instanceof ConfigOpenError) process.stderr.write(`${e.message}\n`);
    else if (e instanceof ConfigFileError) process.stderr.write(formatFatal(e, REDIS_VERSION));
    else process.stderr.write(`\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n${(e as Error).message}\n`);
    process.exit(1);
  }
  const server = new Server(loaded.options);
  server.configFile = loaded.configFile;
  server.configUsers = loaded.users;
  server.log.notice(`tsredis ${TSREDIS_VERSION} (Redis ${REDIS_VERSION} compatible) starting, pid=${process.pid}, node ${process.version}`);
  // Load dir/dbfilename as redis-server does at startup (a missing file is fine).
  try {
    // With appendonly yes the AOF is loaded instead (Server.listen, persistence/aof.ts).
    if (server.config.raw('appendonly') !== true) rdbLoadFile(server, false);
  } catch (e) {
    server.log.warning(`Fatal error loading the DB: ${(e as Error).message}. Exiting.`);
    process.exit(1);
  }
  try {
    await server.listen();
  } catch (e) {
    server.log.warning(`Failed listening: ${(e as Error).message}`);
    process.exit(1);
  }
  server.log.notice(`Ready to accept connections tcp on port ${server.port}`);
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    server.log.warning(`Received ${sig} scheduling shutdown...`);
    // With save points configured, Redis saves the dataset before exiting.
    if (hasSavePoints(server)) {
      server.log.notice('Saving the final RDB snapshot before exiting.');
      try {
        rdbSaveSync(server);
        server.log.notice('DB saved on disk');
      } catch (e) {
        server.log.warning(`Error trying to save the DB: ${(e as Error).message}`);
      }
    }
    void server.close().then(() => {
      server.log.warning('tsredis is now ready to exit, bye bye...');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server.onShutdown = () => process.exit(0);
}

void main();

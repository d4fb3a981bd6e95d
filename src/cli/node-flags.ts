// The V8 flags tsredis-server runs with. The bin's shebang and `npm start` spell them out
// (they cannot import this file); test/unit/node-flags.test.ts checks they agree, and the
// benchmarks and the compat harness spawn the server with these.
//
// --max-semi-space-size=4: a server's short-lived garbage (argv strings, reply views)
//   dies young anyway, and V8's default growth to 16 MB semi-spaces costs ~30 MB of RSS
//   for nothing (measured: 1M keys 211 B/key of RSS with the default, 179 with 4 MB,
//   loading no slower).
// --initial-old-space-size=64: the keyspace lives off the JS heap, so the heap stays at
//   ~10 MB and V8 sizes its old-generation limit from that: the slack left was smaller
//   than the young generation, and V8 started a full mark-compact every ~200 ms
//   (measured: 39 while loading 3M keys, 7 with this flag; loading 10M keys, the longest
//   event-loop pause went from 10-25 ms to 7.7 ms and GC time from ~500 to 225 ms). It
//   only raises the limit at which a full GC starts; memory is committed as used.
// --v8-pool-size=1: one V8 worker thread instead of four. The JS heap is small (10-20 MB)
//   so parallel GC gains nothing, while on a machine as small as 2 cores, shared with
//   clients, the main thread waited at GC join points for workers the OS had not
//   scheduled (measured: stalls of 4 ms wall with 0.4 ms CPU). Loading 10M keys then
//   60 s of mixed traffic: worst event-loop pause 10-20 ms -> 4.9-6.2 ms (load) and
//   6.5-10.6 ms (mixed, the worst at the start of the phase), GC max 6-7 -> 2-3 ms,
//   CPU per request unchanged or lower, MSET p99 at -P 1 1.45x -> 1.33x Redis's.
// None can be set from inside the process once it runs: an embedding process
// (startServer) should pass them to node itself.
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--initial-old-space-size=64', '--v8-pool-size=1'];

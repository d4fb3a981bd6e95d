// Cluster mode (cluster-enabled yes): this node's view of the cluster: known nodes, the
// owner of each of the 16384 hash slots, slots being migrated or imported, epochs, and
// nodes.conf (cluster-config-file), written after every change and loaded at start-up.
//
// The dispatcher asks route() before running a command with keys: the error to send
// (CROSSSLOT, CLUSTERDOWN, MOVED, ASK, TRYAGAIN) or null to run it here. With cluster
// mode off the server holds no ClusterState and pays nothing.
//
// Not here yet: the cluster bus (gossip, MEET handshakes, failure detection, failover),
// replicas. Other nodes are known only from nodes.conf.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Client } from '../server/client.js';
import type { CommandSpec } from '../commands/spec.js';
import { commandKeys } from '../commands/spec.js';
import type { Db } from '../store/keyspace.js';
import { CLUSTER_SLOTS, keyHashSlot } from './slots.js';
import { ClusterBus } from './bus.js';

export interface ClusterNode {
  id: string;
  ip: string;
  port: number;
  cport: number;
  /** Flags as CLUSTER NODES prints them, without "myself". */
  flags: string[];
  masterId: string;
  pingSent: number;
  pongRecv: number;
  configEpoch: number;
  linkState: 'connected' | 'disconnected';
}

/** A fresh master stays in fail state this long (Redis's CLUSTER_WRITABLE_DELAY). */
const WRITABLE_DELAY_MS = 2000;

export const CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";

/** What the server offers the cluster layer. */
export interface ClusterHost {
  readonly port: number;
  readonly dbs: Db[];
  readonly config: { str(name: string): string; bool(name: string): boolean; num(name: string): number };
  readonly log: { warning(msg: string): void; notice(msg: string): void };
}

export class ClusterState {
  myself: ClusterNode;
  readonly nodes = new Map<string, ClusterNode>();
  /** Owner of each slot (null: unassigned). */
  readonly slots: (ClusterNode | null)[] = new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null);
  readonly migrating = new Map<number, ClusterNode>();
  readonly importing = new Map<number, ClusterNode>();
  currentEpoch = 0;
  lastVoteEpoch = 0;
  /** Clients that sent ASKING (valid for their next command) and READONLY. */
  readonly asking = new WeakSet<Client>();
  readonly readonly = new WeakSet<Client>();
  private stateOk = false;
  private cachedSize = 1;
  private readonly startedAt = Date.now();
  /** Links to other tsredis nodes (bus.ts); null until startBus. */
  bus: ClusterBus | null = null;
  statsSent = 0;
  statsReceived = 0;

  constructor(
    private readonly host: ClusterHost,
    readonly file: string,
  ) {
    this.myself = this.newNode(randomBytes(20).toString('hex'));
    this.myself.flags = ['master'];
    if (existsSync(file)) this.load(readFileSync(file, 'latin1'));
    this.nodes.set(this.myself.id, this.myself);
  }

  private newNode(id: string): ClusterNode {
    return { id, ip: '', port: 0, cport: 0, flags: ['master'], masterId: '-', pingSent: 0, pongRecv: 0, configEpoch: 0, linkState: 'connected' };
  }

  /** Call once the client port is known. */
  setPort(port: number): void {
    const announced = this.host.config.num('cluster-announce-port');
    this.myself.port = announced || port;
    const bus = this.host.config.num('cluster-announce-bus-port') || this.host.config.num('cluster-port');
    this.myself.cport = bus || port + 10000;
    const ip = this.host.config.str('cluster-announce-ip');
    if (ip !== '') this.myself.ip = ip;
    this.save();
  }

  /** Listen on the bus port and start pinging known nodes. */
  async startBus(host: string): Promise<void> {
    this.bus = new ClusterBus(this);
    await this.bus.start(host);
  }

  stop(): void {
    this.bus?.stop();
    this.bus = null;
  }

  // ---------------------------------------------------------------- state

  assignedSlots(): number {
    let n = 0;
    for (let i = 0; i < CLUSTER_SLOTS; i++) if (this.slots[i] !== null) n++;
    return n;
  }

  /**
   * cluster_state ok (Redis's clusterUpdateState, evaluated when asked): every slot
   * served (or cluster-require-full-coverage no). As in Redis, a master does not turn ok
   * during its first 2 s (CLUSTER_WRITABLE_DELAY), and cluster_size is refreshed only by
   * an evaluation past that point.
   */
  isOk(): boolean {
    let ok = true;
    if (this.host.config.bool('cluster-require-full-coverage')) {
      for (let i = 0; i < CLUSTER_SLOTS; i++) {
        if (this.slots[i] === null) {
          ok = false;
          break;
        }
      }
    }
    if (!this.stateOk && Date.now() - this.startedAt < WRITABLE_DELAY_MS) return false;
    const owners = new Set<ClusterNode>();
    for (const n of this.slots) if (n !== null) owners.add(n);
    this.cachedSize = owners.size;
    this.stateOk = ok;
    return ok;
  }

  /** cluster_size as of the last state evaluation (1 before the first one, as Redis). */
  size(): number {
    this.isOk();
    return this.cachedSize;
  }

  slotRanges(node: ClusterNode): [number, number][] {
    const out: [number, number][] = [];
    let start = -1;
    for (let i = 0; i <= CLUSTER_SLOTS; i++) {
      const mine = i < CLUSTER_SLOTS && this.slots[i] === node;
      if (mine && start === -1) start = i;
      else if (!mine && start !== -1) {
        out.push([start, i - 1]);
        start = -1;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- routing

  /**
   * Redis's getNodeByQuery for one command: null when it runs here, else the error line.
   * `queued` are the commands of a transaction (EXEC): all of them must map to one slot.
   */
  route(c: Client, spec: CommandSpec, argv: string[], queued: { spec: CommandSpec; argv: string[] }[] | null): string | null {
    const asking = this.asking.has(c);
    if (asking) this.clearAsking(c, spec);
    let slot = -1;
    let owner: ClusterNode | null = null;
    let keys = 0;
    let missing = 0;
    let firstKey = '';
    /** Two different keys (one key named twice is not a multi-key request, as in Redis). */
    let multipleKeys = false;
    let migratingSlot = false;
    let importingSlot = false;
    const db = c.db;
    const one = queued === null ? [{ spec, argv }] : queued;
    for (const cmd of one) {
      const idx = commandKeys(cmd.spec, cmd.argv);
      for (let i = 0; i < idx.length; i++) {
        const key = cmd.argv[idx[i]!]!;
        const s = keyHashSlot(key);
        if (slot === -1) {
          firstKey = key;
          slot = s;
          owner = this.slots[s]!;
          if (owner === null) return 'CLUSTERDOWN Hash slot not served';
          if (owner === this.myself && this.migrating.has(s)) migratingSlot = true;
          else if (this.importing.has(s)) importingSlot = true;
        } else if (key !== firstKey) {
          if (s !== slot) return CROSSSLOT;
          multipleKeys = true;
        }
        keys++;
        if ((migratingSlot || importingSlot) && !db.has(key)) missing++;
      }
    }
    if (keys === 0) return null;
    if (!this.isOk()) {
      if (!this.host.config.bool('cluster-allow-reads-when-down')) return 'CLUSTERDOWN The cluster is down';
      if (spec.isWrite) return 'CLUSTERDOWN The cluster is down and only accepts read commands';
    }
    if (migratingSlot && missing > 0) {
      if (missing < keys) return 'TRYAGAIN Multiple keys request during rehashing of slot';
      const to = this.migrating.get(slot)!;
      if (to !== this.myself) return `ASK ${slot} ${to.ip}:${to.port}`;
    }
    if (importingSlot && (asking || spec.name === 'restore-asking')) {
      if (multipleKeys && missing > 0) return 'TRYAGAIN Multiple keys request during rehashing of slot';
      return null;
    }
    if (owner === this.myself) return null;
    if (this.readonly.has(c) && !spec.isWrite && owner!.id === this.myself.masterId) return null;
    return `MOVED ${slot} ${owner!.ip}:${owner!.port}`;
  }

  /** ASKING lasts for one command (kept while a transaction is being queued), as Redis. */
  clearAsking(c: Client, spec: CommandSpec): void {
    if (spec.name !== 'asking' && spec.name !== 'multi' && (!c.inMulti || spec.name === 'exec' || spec.name === 'discard')) this.asking.delete(c);
  }

  // ---------------------------------------------------------------- nodes.conf

  nodeLine(n: ClusterNode, forFile: boolean): string {
    const flags = n === this.myself ? ['myself', ...n.flags] : n.flags;
    let line = `${n.id} ${n.ip}:${n.port}@${n.cport} ${flags.join(',')} ${n.masterId} ${n.pingSent} ${n.pongRecv} ${n.configEpoch} ${n.linkState}`;
    for (const [a, b] of this.slotRanges(n)) line += a === b ? ` ${a}` : ` ${a}-${b}`;
    if (n === this.myself) {
      for (const [s, to] of this.migrating) line += ` [${s}->-${to.id}]`;
      for (const [s, from] of this.importing) line += ` [${s}-<-${from.id}]`;
    }
    void forFile;
    return line;
  }

  nodesText(forFile: boolean): string {
    let out = '';
    for (const n of this.nodes.values()) out += this.nodeLine(n, forFile) + '\n';
    return out;
  }

  /** Write nodes.conf (atomically: temp file, then rename). */
  save(): void {
    const text = this.nodesText(true) + `vars currentEpoch ${this.currentEpoch} lastVoteEpoch ${this.lastVoteEpoch}\n`;
    try {
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, text, 'latin1');
      renameSync(tmp, this.file);
    } catch (e) {
      this.host.log.warning(`Could not save the cluster config file ${this.file}: ${(e as Error).message}`);
    }
  }

  private load(text: string): void {
    const pending: [string, string[]][] = [];
    for (const raw of text.split('\n')) {
      const w = raw.trim().split(/\s+/);
      if (w.length === 0 || w[0] === '') continue;
      if (w[0] === 'vars') {
        for (let i = 1; i + 1 < w.length; i += 2) {
          if (w[i] === 'currentEpoch') this.currentEpoch = Number(w[i + 1]);
          else if (w[i] === 'lastVoteEpoch') this.lastVoteEpoch = Number(w[i + 1]);
        }
        continue;
      }
      if (w.length < 8) throw new Error(`Unrecoverable error: corrupted cluster config file "${raw}".`);
      const n = this.newNode(w[0]!);
      const m = /^(.*):(\d+)@(\d+)/.exec(w[1]!);
      if (m !== null) {
        n.ip = m[1]!;
        n.port = Number(m[2]);
        n.cport = Number(m[3]);
      }
      const flags = w[2]!.split(',');
      if (flags.includes('myself')) this.myself = n;
      n.flags = flags.filter((f) => f !== 'myself');
      n.masterId = w[3]!;
      n.pingSent = Number(w[4]);
      n.pongRecv = Number(w[5]);
      n.configEpoch = Number(w[6]);
      // No cluster bus: other nodes have no link (Redis shows the state of its live link).
      n.linkState = flags.includes('myself') ? 'connected' : 'disconnected';
      this.nodes.set(n.id, n);
      pending.push([n.id, w.slice(8)]);
    }
    for (const [id, ranges] of pending) {
      const n = this.nodes.get(id)!;
      for (const r of ranges) {
        const mig = /^\[(\d+)->-(\w+)\]$/.exec(r);
        const imp = /^\[(\d+)-<-(\w+)\]$/.exec(r);
        if (mig !== null) {
          const to = this.nodes.get(mig[2]!);
          if (to) this.migrating.set(Number(mig[1]), to);
        } else if (imp !== null) {
          const from = this.nodes.get(imp[2]!);
          if (from) this.importing.set(Number(imp[1]), from);
        } else {
          const [a, b] = r.split('-');
          const lo = Number(a);
          const hi = b === undefined ? lo : Number(b);
          for (let s = lo; s <= hi && s < CLUSTER_SLOTS; s++) this.slots[s] = n;
        }
      }
    }
  }

  /** CLUSTER RESET: forget every other node and every slot; HARD also a new id and epochs 0. */
  reset(hard: boolean): void {
    this.slots.fill(null);
    this.migrating.clear();
    this.importing.clear();
    for (const id of [...this.nodes.keys()]) {
      if (id === this.myself.id) continue;
      this.nodes.delete(id);
      this.bus?.dropLink(id);
    }
    if (hard) {
      this.nodes.delete(this.myself.id);
      this.myself.id = randomBytes(20).toString('hex');
      this.nodes.set(this.myself.id, this.myself);
      this.currentEpoch = 0;
      this.lastVoteEpoch = 0;
      this.myself.configEpoch = 0;
    }
    this.save();
  }
}

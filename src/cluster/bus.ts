// A cluster bus between tsredis nodes (NOT Redis's binary bus protocol: real Redis nodes
// cannot join). Each node listens on its bus port (client port + 10000, or cluster-port)
// and keeps one outgoing link to every known node. Messages are newline-delimited JSON:
//
//   { t: 'ping'|'pong', meet?: true, from: {id, ip, port, cport, epoch, slots: [[a,b]...]},
//     currentEpoch, you: <the address the sender sees us at>, gossip: [{id, ip, port, cport}] }
//
// A node learns its own IP from the first MEET it takes part in (as Redis does), learns
// other nodes from gossip, and takes a peer's slot claims when the slot is free or the
// peer's config epoch is higher than the current owner's (Redis's rule, without
// failure detection, failover or replicas).

import net from 'node:net';
import type { ClusterNode, ClusterState } from './state.js';

const PING_MS = 300;
/** CLUSTER FORGET keeps a node out of gossip this long (Redis: 60 s). */
export const FORGET_TTL_MS = 60_000;

interface NodeInfo {
  id: string;
  ip: string;
  port: number;
  cport: number;
}

interface Message {
  t: 'ping' | 'pong';
  meet?: boolean;
  from: NodeInfo & { epoch: number; slots: [number, number][] };
  currentEpoch: number;
  you: string;
  gossip: NodeInfo[];
}

function plainIp(ip: string | undefined): string {
  if (ip === undefined) return '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

class Link {
  buf = '';
  constructor(
    readonly sock: net.Socket,
    readonly nodeId: string | null,
  ) {}
}

export class ClusterBus {
  private server: net.Server | null = null;
  /** Outgoing links by node id. */
  private readonly links = new Map<string, Link>();
  private readonly inbound = new Set<net.Socket>();
  private timer: NodeJS.Timeout | null = null;
  readonly forgotten = new Map<string, number>();
  private stopped = false;

  constructor(private readonly st: ClusterState) {}

  async start(host: string): Promise<void> {
    const srv = net.createServer((sock) => this.accept(sock));
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen({ host, port: this.st.myself.cport }, () => {
        srv.off('error', reject);
        resolve();
      });
    });
    srv.on('error', () => {});
    this.server = srv;
    this.timer = setInterval(() => this.tick(), PING_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.server?.close();
    this.server = null;
    for (const l of this.links.values()) l.sock.destroy();
    this.links.clear();
    for (const s of this.inbound) s.destroy();
    this.inbound.clear();
  }

  /** CLUSTER MEET: open a link to ip:cport and introduce ourselves. */
  meet(ip: string, port: number, cport: number): void {
    const sock = net.connect({ host: ip, port: cport });
    const link = new Link(sock, null);
    sock.on('connect', () => {
      this.send(link, 'ping', true, ip, port);
    });
    this.wire(link);
  }

  /** Drop the link to a node (FORGET, RESET). */
  dropLink(id: string): void {
    const l = this.links.get(id);
    if (l !== undefined) l.sock.destroy();
    this.links.delete(id);
  }

  linkCount(): number {
    return this.links.size;
  }

  private accept(sock: net.Socket): void {
    this.inbound.add(sock);
    sock.on('close', () => this.inbound.delete(sock));
    this.wire(new Link(sock, null));
  }

  private wire(link: Link): void {
    const sock = link.sock;
    sock.setNoDelay(true);
    sock.setEncoding('latin1');
    sock.on('error', () => {});
    sock.on('data', (d: string) => {
      link.buf += d;
      let nl: number;
      while ((nl = link.buf.indexOf('\n')) !== -1) {
        const line = link.buf.slice(0, nl);
        link.buf = link.buf.slice(nl + 1);
        let msg: Message;
        try {
          msg = JSON.parse(line) as Message;
        } catch {
          sock.destroy();
          return;
        }
        this.receive(link, msg);
      }
    });
    sock.on('close', () => {
      if (link.nodeId !== null && this.links.get(link.nodeId) === link) {
        this.links.delete(link.nodeId);
        const n = this.st.nodes.get(link.nodeId);
        if (n !== undefined) n.linkState = 'disconnected';
      }
    });
  }

  private send(link: Link, t: 'ping' | 'pong', meet: boolean, peerIp: string, peerPort: number): void {
    const me = this.st.myself;
    const gossip: NodeInfo[] = [];
    for (const n of this.st.nodes.values()) if (n !== me) gossip.push({ id: n.id, ip: n.ip, port: n.port, cport: n.cport });
    const msg: Message = {
      t,
      from: { id: me.id, ip: me.ip, port: me.port, cport: me.cport, epoch: me.configEpoch, slots: this.st.slotRanges(me) },
      currentEpoch: this.st.currentEpoch,
      you: `${peerIp}:${peerPort}`,
      gossip,
    };
    if (meet) msg.meet = true;
    link.sock.write(JSON.stringify(msg) + '\n');
    this.st.statsSent++;
  }

  private receive(link: Link, msg: Message): void {
    const st = this.st;
    st.statsReceived++;
    const f = msg.from;
    if (f.id === st.myself.id || this.forgotten.has(f.id)) return;
    // Our own address, as the peer reached us (first MEET: Redis learns it the same way).
    if (st.myself.ip === '') {
      const local = plainIp(link.sock.localAddress);
      if (local !== '') st.myself.ip = local;
    }
    let changed = false;
    let n = st.nodes.get(f.id);
    if (n === undefined) {
      n = { id: f.id, ip: '', port: 0, cport: 0, flags: ['master'], masterId: '-', pingSent: 0, pongRecv: 0, configEpoch: 0, linkState: 'disconnected' };
      st.nodes.set(f.id, n);
      changed = true;
    }
    const ip = f.ip !== '' ? f.ip : plainIp(link.sock.remoteAddress);
    if (n.ip !== ip || n.port !== f.port || n.cport !== f.cport || n.configEpoch !== f.epoch) changed = true;
    n.ip = ip;
    n.port = f.port;
    n.cport = f.cport;
    n.configEpoch = f.epoch;
    n.pongRecv = Date.now();
    if (msg.currentEpoch > st.currentEpoch) {
      st.currentEpoch = msg.currentEpoch;
      changed = true;
    }
    // Slot claims: free slots, or owners with a lower config epoch, go to the sender.
    for (const [a, b] of f.slots) {
      for (let s = a; s <= b; s++) {
        const owner = st.slots[s]!;
        if (owner === n) continue;
        if (owner === st.myself && st.migrating.has(s)) continue;
        if (owner === null || owner.configEpoch < n.configEpoch) {
          if (owner === st.myself) continue; // never taken away without a higher claim via SETSLOT
          st.slots[s] = n;
          st.importing.delete(s);
          changed = true;
        }
      }
    }
    for (const g of msg.gossip) {
      if (g.id === st.myself.id || st.nodes.has(g.id) || this.forgotten.has(g.id) || g.ip === '') continue;
      st.nodes.set(g.id, { id: g.id, ip: g.ip, port: g.port, cport: g.cport, flags: ['master'], masterId: '-', pingSent: 0, pongRecv: 0, configEpoch: 0, linkState: 'disconnected' });
      changed = true;
    }
    if (msg.t === 'ping') this.send(link, 'pong', false, ip, f.port);
    if (changed) st.save();
  }

  private tick(): void {
    if (this.stopped) return;
    const now = Date.now();
    for (const [id, until] of this.forgotten) if (until < now) this.forgotten.delete(id);
    for (const n of this.st.nodes.values()) {
      if (n === this.st.myself || n.ip === '' || n.cport === 0) continue;
      let l = this.links.get(n.id);
      if (l === undefined || l.sock.destroyed) {
        const sock = net.connect({ host: n.ip, port: n.cport });
        const link = new Link(sock, n.id);
        this.links.set(n.id, link);
        this.wire(link);
        sock.on('connect', () => {
          n.linkState = 'connected';
          this.send(link, 'ping', false, n.ip, n.port);
        });
        continue;
      }
      if (l.sock.connecting) continue;
      n.pingSent = now;
      this.send(l, 'ping', false, n.ip, n.port);
      // No pong for a while: the link is considered down (no failure detection beyond that).
      n.linkState = now - n.pongRecv < PING_MS * 10 ? 'connected' : 'disconnected';
      if (n.linkState === 'connected') n.pingSent = 0;
      l = undefined;
    }
  }
}

export type { ClusterNode };

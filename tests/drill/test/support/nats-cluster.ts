/**
 * A real three-node NATS cluster with JetStream, owned by the drill: the installed nats-server on
 * free loopback ports, each node with its own store directory under the drill's temporary
 * directory and routes to the other two. Nodes can be killed (SIGKILL), stopped and started again
 * on the same ports and stores, as an operator's would be.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { freePort } from '@sinergi/testkit';

export const NATS_SERVER = process.env.DRILL_NATS_SERVER ?? '/usr/sbin/nats-server';

interface Node {
  name: string;
  port: number;
  clusterPort: number;
  config: string;
  child?: ChildProcess | undefined;
  exited?: Promise<void> | undefined;
}

export interface NatsCluster {
  /** All three client URLs, comma-separated, as NATS_URL takes them. */
  url: string;
  nodes: readonly { name: string; port: number }[];
  kill(index: number): Promise<void>;
  stop(index: number): Promise<void>;
  start(index: number): Promise<void>;
  /** Resolves once JetStream answers through the given URLs (a meta leader is elected). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startNatsCluster(dir: string): Promise<NatsCluster> {
  const nodes: Node[] = [];
  for (let i = 1; i <= 3; i++)
    nodes.push({ name: `drill-n${i}`, port: await freePort(), clusterPort: await freePort(), config: '' });
  for (const n of nodes) {
    const store = join(dir, n.name);
    mkdirSync(store, { recursive: true });
    const routes = nodes.filter((o) => o !== n).map((o) => `nats-route://127.0.0.1:${o.clusterPort}`);
    n.config = join(dir, `${n.name}.conf`);
    writeFileSync(
      n.config,
      [
        `server_name: ${n.name}`,
        `listen: 127.0.0.1:${n.port}`,
        `jetstream { store_dir: "${store}", max_memory_store: 64MB, max_file_store: 1GB }`,
        `cluster { name: drill, listen: 127.0.0.1:${n.clusterPort}, routes: [${routes.join(', ')}] }`,
      ].join('\n'),
    );
  }
  const url = nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',');

  const start = async (i: number) => {
    const n = nodes[i]!;
    if (n.child && n.child.exitCode === null && n.child.signalCode === null) return;
    const child = spawn(NATS_SERVER, ['-c', n.config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    n.child = child;
    n.exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    // listening: a TCP connection is accepted
    const until = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${n.name} exited with ${child.exitCode}: ${err}`);
      const up = await connect({ servers: `nats://127.0.0.1:${n.port}`, reconnect: false, timeout: 500 }).then(
        async (nc) => (await nc.close(), true),
        () => false,
      );
      if (up) return;
      if (Date.now() > until) throw new Error(`${n.name} did not listen: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const signal = async (i: number, sig: NodeJS.Signals) => {
    const n = nodes[i]!;
    if (!n.child || n.child.exitCode !== null || n.child.signalCode !== null) return;
    n.child.kill(sig);
    await n.exited;
  };

  const cluster: NatsCluster = {
    url,
    nodes: nodes.map(({ name, port }) => ({ name, port })),
    kill: (i) => signal(i, 'SIGKILL'),
    stop: (i) => signal(i, 'SIGTERM'),
    start,
    async ready(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < until) {
        try {
          const nc = await connect({ servers: url.split(','), timeout: 1000 });
          try {
            const jsm = await jetstreamManager(nc, { timeout: 2000 });
            await jsm.getAccountInfo();
            return;
          } finally {
            await nc.close();
          }
        } catch (err) {
          last = err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      throw new Error(`the NATS cluster did not answer JetStream requests: ${String(last)}`);
    },
    async close() {
      await Promise.all(nodes.map((_, i) => signal(i, 'SIGKILL')));
    },
  };
  try {
    await Promise.all(nodes.map((_, i) => start(i)));
    await cluster.ready();
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}

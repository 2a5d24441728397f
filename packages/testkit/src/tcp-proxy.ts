import net from 'node:net';

export interface TcpProxyOptions {
  /** Where connections are forwarded (PostgreSQL, Redis, …). */
  target: { host: string; port: number };
  /** Loopback by default; port 0 picks a free one. */
  host?: string;
  port?: number;
}

export interface TcpProxy {
  readonly host: string;
  readonly port: number;
  /** True between `cut()` and `restore()`. */
  readonly isCut: boolean;
  /** `url` (postgres://…, redis://…) with its host and port replaced by the proxy's. */
  urlThrough(url: string): string;
  /**
   * The server goes away: every open connection is reset, and until `restore()` new ones are
   * accepted and reset at once. The port stays bound, so nothing else can take it meanwhile.
   */
  cut(): void;
  /** New connections are forwarded again; connections reset by `cut()` stay gone. */
  restore(): void;
  /** Connections forwarded right now, and connections reset by cuts so far. */
  stats(): { open: number; reset: number };
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

function reset(socket: net.Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

/**
 * A TCP proxy a test controls, to make a server unreachable for a while without stopping it
 * (the shared PostgreSQL and Redis serve every other test file running in parallel).
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let isCut = false;
  let resetCount = 0;

  const server = net.createServer((client) => {
    if (isCut) {
      resetCount += 1;
      client.on('error', () => undefined);
      reset(client);
      return;
    }
    const upstream = net.connect(options.target.port, options.target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    // An error on one side ends the other; a clean end is passed on by pipe().
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => {
      pairs.delete(pair);
      client.end();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    host: address.address,
    port: address.port,
    get isCut() {
      return isCut;
    },
    urlThrough(url) {
      const parsed = new URL(url);
      parsed.hostname = address.address;
      parsed.port = String(address.port);
      return parsed.toString();
    },
    cut() {
      isCut = true;
      for (const pair of pairs) {
        resetCount += 1;
        reset(pair.client);
        pair.upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      isCut = false;
    },
    stats() {
      return { open: pairs.size, reset: resetCount };
    },
    async close() {
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      await closed;
    },
  };
}

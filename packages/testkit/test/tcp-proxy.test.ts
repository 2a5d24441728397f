import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../src/tcp-proxy.js';

// An echo server on loopback stands in for the database the proxy usually fronts.
let echo: net.Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const { port } = echo.address() as net.AddressInfo;
  proxy = await startTcpProxy({ target: { host: '127.0.0.1', port } });
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(proxy.port, proxy.host, () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function roundTrip(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (data) => {
      resolve(data.toString());
    });
    socket.write(text);
  });
}

/** How a connection ends: the error code, or "closed" for a clean close. */
function ending(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let code = 'closed';
    socket.on('error', (error: NodeJS.ErrnoException) => {
      code = error.code ?? error.message;
    });
    socket.once('close', () => {
      resolve(code);
    });
  });
}

describe('startTcpProxy', () => {
  it('forwards, cuts every connection, refuses new ones while cut, and forwards again', async () => {
    const before = await connect();
    expect(await roundTrip(before, 'xin chào')).toBe('xin chào');
    expect(proxy.stats().open).toBe(1);

    const beforeEnds = ending(before);
    proxy.cut();
    expect(proxy.isCut).toBe(true);
    expect(await beforeEnds).toBe('ECONNRESET');

    // Accepted (the port stays bound) and reset before a byte goes through.
    const during = net.connect(proxy.port, proxy.host);
    during.on('connect', () => during.write('lost'));
    let received = '';
    during.on('data', (data) => (received += data.toString()));
    expect(await ending(during)).toBe('ECONNRESET');
    expect(received).toBe('');
    expect(proxy.stats()).toEqual({ open: 0, reset: 2 });

    proxy.restore();
    const after = await connect();
    expect(await roundTrip(after, 'lại rồi')).toBe('lại rồi');
    after.destroy();
  });

  it('rewrites a URL to go through the proxy', () => {
    expect(
      proxy.urlThrough('postgres://lw:secret@db.internal:5432/leakwatch?sslmode=disable'),
    ).toBe(`postgres://lw:secret@127.0.0.1:${proxy.port}/leakwatch?sslmode=disable`);
  });
});

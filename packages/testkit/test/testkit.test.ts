import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { TcpProxy } from '../src/tcp-proxy.js';
import { mintToken, TEST_AUDIENCE, TEST_ISSUER, testKeys, unsignedToken } from '../src/tokens.js';

const echoServer = async () => {
  const server = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as net.AddressInfo).port };
};

const roundTrip = (port: number) =>
  new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('halo'));
    socket.once('data', (d) => (socket.destroy(), resolve(d.toString())));
    socket.once('error', reject);
  });

describe('TcpProxy', () => {
  it('forwards while up, refuses while down, and comes back on the same port', async () => {
    const { server, port } = await echoServer();
    const proxy = new TcpProxy('127.0.0.1', port);
    await proxy.up();
    const proxyPort = proxy.port;
    expect(await roundTrip(proxyPort)).toBe('halo');
    await proxy.down();
    await expect(roundTrip(proxyPort)).rejects.toThrow(/ECONNREFUSED/);
    await proxy.up();
    expect(proxy.port).toBe(proxyPort);
    expect(await roundTrip(proxyPort)).toBe('halo');
    await proxy.down();
    server.close();
  });
});

describe('test tokens', () => {
  it('mints ES256 tokens that verify with the test public key and carry the claims', async () => {
    const token = await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dishub', sub: 'budi' });
    const { payload } = await jwtVerify(token, testKeys().publicKey, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    expect(payload).toMatchObject({ sub: 'budi', tenant: '32.73', roles: ['officer'], unit: 'dishub' });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('makes unsigned tokens with alg none', () => {
    const token = unsignedToken({ sub: 'x' });
    expect(decodeProtectedHeader(token).alg).toBe('none');
    expect(token.endsWith('.')).toBe(true);
  });
});

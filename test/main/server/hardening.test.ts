// The merchant server faces providers and terminals on a network: over real HTTP, a request it
// cannot parse gets a JSON 400 in its own error shape, a client that sends its headers too slowly
// is answered 408 and cut off, and the sockets open at once are capped.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair } from '../../../main/sandbox/partners';
import { rawSocket } from '../../support/raw-socket';
import type { ServerRig } from './support';
import { Databases, startServer } from './support';

let databases: Databases;
let providerPublicKeyPem: string;
let rig: ServerRig | undefined;

beforeAll(async () => {
  databases = await Databases.start('embedded');
  providerPublicKeyPem = (await generateRsaKeyPair()).publicKeyPem;
  return () => databases.stop();
});

afterEach(async () => {
  await rig?.server.close();
  rig = undefined;
});

describe('the merchant server against clients that misbehave', () => {
  it('answers a request it cannot parse with a JSON 400 in its own error shape', async () => {
    rig = await startServer(await databases.open(), providerPublicKeyPem);
    const { socket, closed } = rawSocket(rig.server.baseUrl);
    socket.write(
      'POST /v1.0/qr/qr-cpm-notify HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 9\r\n\r\n',
    );
    const received = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(received).toContain('"error":{"code":"SERVER_REQUEST_MALFORMED"');
  });

  it('answers headers sent too slowly with a JSON 408 and closes the connection', async () => {
    rig = await startServer(await databases.open(), providerPublicKeyPem, {
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 300 },
    });
    const { socket, closed } = rawSocket(rig.server.baseUrl);
    socket.write('GET /backoffice/ HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*"code":"SERVER_REQUEST_TIMEOUT"/);
  });

  it('caps the connections open at once', async () => {
    rig = await startServer(await databases.open(), providerPublicKeyPem, { limits: { maxConnections: 2 } });
    const held = [rawSocket(rig.server.baseUrl), rawSocket(rig.server.baseUrl)];
    await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = rawSocket(rig.server.baseUrl);
    extra.socket.write('GET /backoffice/ HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await extra.closed).toBe('');
    for (const { socket } of held) socket.destroy();
  });
});

// A bare TCP connection to one of our HTTP servers, for what fetch cannot send: broken framing,
// headers that never finish, sockets held open. `closed` resolves with all the server sent once it
// closed the connection.
import type { Socket } from 'node:net';
import { connect } from 'node:net';

export function rawSocket(baseUrl: string): { socket: Socket; closed: Promise<string> } {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  const closed = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

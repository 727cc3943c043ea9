/** A loopback TCP listener that hands over its first connection (an emulator's UART). */
import { createServer, type Server, type Socket } from 'node:net';

export interface OneShotListener {
  port: number;
  /** Resolves with the first connection. */
  accepted: Promise<Socket>;
  close(): void;
}

export async function listenOnce(): Promise<OneShotListener> {
  let server: Server;
  let resolveConn!: (s: Socket) => void;
  const accepted = new Promise<Socket>((res) => (resolveConn = res));
  server = createServer({ noDelay: true }, (sock) => {
    sock.setNoDelay(true);
    resolveConn(sock);
    server.close(); // one connection only: a stray second client is refused
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('listener has no TCP address');
  return { port: addr.port, accepted, close: () => server.close() };
}

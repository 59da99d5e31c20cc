import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real node:http server for specs, counting the sockets and requests it sees. */
export interface LocalHttpServer {
  port: number;
  connections: number;
  requests: number;
  close(): Promise<void>;
}

export async function startLocalServer(handler: Handler, host = '127.0.0.1'): Promise<LocalHttpServer> {
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    res.on('error', () => undefined);
    handler(req, res);
  });
  const state: LocalHttpServer = { port: 0, connections: 0, requests: 0, close: () => closeServer(server) };
  server.on('connection', (socket) => {
    state.connections += 1;
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Replies once the request body has been read, so the client is never cut off mid-upload. */
export function reply(status: number, body = '', headers: Record<string, string> = {}): Handler {
  return (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, headers).end(body));
  };
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as R4 from 'fhir/r4';

/** What the stand-in GP endpoint does with its n-th request (1-based) on one path. */
export type Behaviour = (n: number) => { status: number; body?: unknown } | 'drop';

export interface Received {
  path: string;
  contentType: string | undefined;
  body: R4.Bundle;
}

/**
 * A local HTTP server standing in for GP practice systems (the true external boundary):
 * each path behaves as the test says, and every request is recorded.
 */
export async function startGpServer() {
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const received: Received[] = [];
  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => resolve(text));
    });
  const server: Server = createServer((request, response) => {
    void read(request).then((text) => {
      const path = request.url ?? '/';
      const n = (counts.get(path) ?? 0) + 1;
      counts.set(path, n);
      received.push({
        path,
        contentType: request.headers['content-type'],
        body: JSON.parse(text) as R4.Bundle,
      });
      const behaviour: Behaviour = behaviours.get(path) ?? (() => ({ status: 404 }));
      const answer = behaviour(n);
      if (answer === 'drop') {
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    on: (path: string, behaviour: Behaviour) => behaviours.set(path, behaviour),
    received: (path: string) => received.filter((request) => request.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

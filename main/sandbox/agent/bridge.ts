import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * Carries TCP between the host's loopback and the sandbox namespace's loopback through Unix sockets,
 * which are not namespaced: the inside half listens on <dir>/<port>.sock and dials 127.0.0.1:<port>;
 * the host half listens on 127.0.0.1:<port> and dials the socket. Nothing here touches a network.
 */
function pipe(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  // A failure tears both down; a side that merely closed lets the other flush what it still holds
  // first (destroying it would cut the tail of a response whose server closed the connection).
  const fail = () => { a.destroy(); b.destroy(); };
  a.on('error', fail);
  b.on('error', fail);
  a.on('close', () => b.end());
  b.on('close', () => a.end());
}

export const socketPath = (dir: string, port: number) => join(dir, `${port}.sock`);

/** Inside the namespace: unix socket -> 127.0.0.1:port. */
export function serveInside(dir: string, ports: number[]): Server[] {
  mkdirSync(dir, { recursive: true });
  return ports.map((port) => {
    const path = socketPath(dir, port);
    if (existsSync(path)) unlinkSync(path);
    return createServer((client) => pipe(client, createConnection({ host: '127.0.0.1', port }))).listen(path);
  });
}

/** On the host: 127.0.0.1:port -> unix socket. */
export function serveOnHost(dir: string, ports: number[]): Server[] {
  return ports.map((port) =>
    createServer((client) => pipe(client, createConnection({ path: socketPath(dir, port) }))).listen({ host: '127.0.0.1', port }),
  );
}

// Run as the host half: `bridge.ts <dir> <port>...`
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [dir, ...ports] = process.argv.slice(2);
  if (!dir || ports.length === 0) {
    process.stderr.write('usage: bridge.ts <socket dir> <port>...\n');
    process.exit(2);
  }
  for (const s of serveOnHost(dir, ports.map(Number))) {
    s.on('error', (e) => { process.stderr.write(`bridge: ${e.message}\n`); process.exit(1); });
  }
  process.on('SIGTERM', () => process.exit(0));
}

/** Small helpers for the sandbox's loopback HTTP servers and clients. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: http.IncomingMessage, body: string, url: URL) => Promise<Reply> | Reply;
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export async function listen(port: number, handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      void Promise.resolve()
        .then(() => handler(request, Buffer.concat(chunks).toString('utf8'), url))
        .catch((error: Error): Reply => ({ status: 500, body: { error: error.message } }))
        .then((reply) => {
          const text =
            reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
          response.end(text);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs a body and returns the status; only loopback addresses are ever targets. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new Error(`The sandbox only delivers to loopback, not ${target.hostname}.`);
  }
  const response = await fetch(target, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
  await response.text();
  return response.status;
}

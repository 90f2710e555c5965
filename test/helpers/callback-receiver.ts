import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP receiver on 127.0.0.1 for callback tests and the bench: records every request raw. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  atMs: number;
}

export type ReceiverMode = 'ok' | 'error' | 'hang' | 'slow';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  mode: ReceiverMode;
  /** Status sent in 'error' mode. */
  errorStatus: number;
  /** Delay before the 200 in 'slow' mode. */
  delayMs: number;
  /** Messages only (the URL verification POST left out). */
  messages(): Received[];
  close(): Promise<void>;
  /** Listen again on the same port after close(). */
  reopen(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  let server: http.Server;
  const receiver: Receiver = {
    url: '',
    port,
    received: [],
    mode: 'ok',
    errorStatus: 500,
    delayMs: 500,
    messages: () => receiver.received.filter((r) => !String(r.headers['webhook-id']).startsWith('verify_')),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    reopen: () => listen(receiver.port),
  };
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() });
          if (receiver.mode === 'hang') return; // never answers: the sender's timeout must fire
          if (receiver.mode === 'slow') {
            setTimeout(() => res.writeHead(200).end('success'), receiver.delayMs);
          } else if (receiver.mode === 'error') {
            res.writeHead(receiver.errorStatus, { 'content-type': 'text/plain' }).end(`receiver broken ${'x'.repeat(2000)}`);
          } else {
            res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
          }
        });
      });
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        receiver.port = (server.address() as AddressInfo).port;
        receiver.url = `http://127.0.0.1:${receiver.port}/pandapon/callback`;
        resolve();
      });
    });
  await listen(port);
  return receiver;
}

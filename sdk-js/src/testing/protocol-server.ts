/**
 * A scriptable HTTP server on loopback for protocol-level tests (retries, timeouts, aborts, refresh). Test-only:
 * never imported by the package entries.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly at: number;
  /** Resolves when the client closed the connection before the response finished. */
  readonly closedEarly: Promise<void>;
}

export type Handler = (req: SeenRequest, res: ServerResponse, index: number) => void | Promise<void>;

export interface ProtocolServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startProtocolServer(handler: Handler): Promise<ProtocolServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let closed: () => void = () => {};
    const closedEarly = new Promise<void>((resolve) => {
      closed = resolve;
    });
    res.on('close', () => {
      if (!res.writableFinished) closed();
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        closedEarly,
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res, requests.length - 1)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: 'test_handler', message: String(err), details: [] } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON response. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The API's error envelope. */
export function apiError(code: string, message: string, details: unknown[] = []) {
  return { error: { code, message, details } };
}

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

/**
 * /metrics (Prometheus text format) and /healthz (200 "ok" when the gateway is ready and the database writable,
 * else 503 and a one-line reason), on 127.0.0.1 unless told otherwise: they say how the bot is doing, to whoever
 * can reach the port.
 */

export interface Health {
  /** Null when healthy; else why not, in one line. */
  problem(): string | null;
}

export interface MetricsServer {
  /** The address it listens on, e.g. http://127.0.0.1:9464. */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(metrics: Metrics, health: Health, options: { port: number; host?: string | undefined }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const problem = health.problem();
      response.writeHead(problem ? 503 : 200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${problem ?? 'ok'}\n`);
      return;
    }
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text))
        .catch((error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${String(error)}\n`));
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: try /metrics or /healthz\n');
  });
  server.listen(options.port, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

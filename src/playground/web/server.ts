import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { avatarSvg, pageHtml } from './page.js';
import { packageFile, staticFile, type StaticFile } from './static-files.js';
import type { ActionReply, WebSession } from './web-session.js';

/**
 * The web playground's HTTP server, on 127.0.0.1 only: the page and its files, the page's state as JSON,
 * a stream of "something changed" events (server-sent events), and one POST route per member action.
 */

export interface WebServerOptions {
  session: WebSession;
  page: { guildName: string; channelName: string; botName: string };
  /** 0 (or absent): any free port. */
  port?: number;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024;
const maxClockMs = 366 * 24 * 60 * 60 * 1000;

const viewer = z.string().min(1).max(32);
/** Which channel: the playground's own, or the one in the server without the bot. */
const where = z.enum(['home', 'elsewhere']).optional();
const bodies = {
  command: z.object({ viewer, line: z.string().max(4000), where }),
  button: z.object({ viewer, messageId: z.string().max(32), customId: z.string().max(100) }),
  select: z.object({ viewer, messageId: z.string().max(32), customId: z.string().max(100), values: z.array(z.string().max(100)).max(25) }),
  modal: z.object({ viewer, customId: z.string().max(100), fields: z.record(z.string().max(100), z.string().max(4000)) }),
  closeModal: z.object({ viewer }),
  // A poll has at most 10 answers, numbered from 1.
  vote: z.object({ viewer, messageId: z.string().max(32), answerIds: z.array(z.number().int().min(1).max(100)).max(10) }),
  clock: z.object({ ms: z.number().int().positive().max(maxClockMs) }),
  member: z.object({ name: z.string().max(64) }),
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new RequestError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'the body is not JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestError(400, `bad request: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; ')}`);
  return result.data;
}

function send(response: ServerResponse, status: number, body: string | Buffer, contentType: string): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Cache-Control': 'no-store',
    // Everything comes from this server; images may also come from their own hosts (book covers).
    'Content-Security-Policy': "default-src 'self'; img-src 'self' http: https: data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, value: unknown): void => send(response, status, JSON.stringify(value), 'application/json; charset=utf-8');
const sendFile = (response: ServerResponse, file: StaticFile | null): void => (file ? send(response, 200, file.body, file.contentType) : send(response, 404, 'Not found', 'text/plain; charset=utf-8'));

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { session } = options;
  const streams = new Set<ServerResponse>();
  let changes = 0;
  const unsubscribe = session.subscribe(() => {
    changes++;
    for (const stream of streams) stream.write(`event: change\ndata: ${changes}\n\n`);
  });

  const actions: Record<string, (body: unknown) => Promise<ActionReply> | ActionReply> = {
    '/api/command': (body) => {
      const { viewer: name, line, where: channel } = parse(bodies.command, body);
      return session.command(name, line, channel);
    },
    '/api/button': (body) => {
      const { viewer: name, messageId, customId } = parse(bodies.button, body);
      return session.press(name, messageId, customId);
    },
    '/api/select': (body) => {
      const { viewer: name, messageId, customId, values } = parse(bodies.select, body);
      return session.choose(name, messageId, customId, values);
    },
    '/api/modal': (body) => {
      const { viewer: name, customId, fields } = parse(bodies.modal, body);
      return session.submitForm(name, customId, fields);
    },
    '/api/modal/close': (body) => {
      session.closeForm(parse(bodies.closeModal, body).viewer);
      return { ok: true };
    },
    '/api/vote': (body) => {
      const { viewer: name, messageId, answerIds } = parse(bodies.vote, body);
      return session.vote(name, messageId, answerIds);
    },
    '/api/clock': (body) => session.moveClock(parse(bodies.clock, body).ms),
    '/api/member': (body) => session.addMember(parse(bodies.member, body).name),
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const { pathname } = url;
    if (request.method === 'GET') {
      if (pathname === '/') return send(response, 200, pageHtml(options.page), 'text/html; charset=utf-8');
      if (pathname === '/api/state') {
        const name = url.searchParams.get('viewer') || 'you';
        const channel = parse(where, url.searchParams.get('where') || undefined);
        return sendJson(response, 200, session.state({ viewer: parse(viewer, name), timeZone: url.searchParams.get('zone') || 'UTC', ...(channel ? { where: channel } : {}) }));
      }
      if (pathname === '/api/complete') {
        return sendJson(response, 200, await session.complete((url.searchParams.get('line') ?? '').slice(0, 4000), parse(where, url.searchParams.get('where') || undefined)));
      }
      if (pathname === '/api/events') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        response.write(`event: change\ndata: ${changes}\n\n`);
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      }
      if (pathname === '/avatars/bot.svg' || pathname === '/avatars/user.svg') return send(response, 200, avatarSvg(pathname.includes('bot') ? 'bot' : 'user'), 'image/svg+xml');
      if (pathname.startsWith('/static/')) return sendFile(response, await staticFile(pathname.slice('/static/'.length)));
      if (pathname.startsWith('/node_modules/')) return sendFile(response, await packageFile(pathname.slice('/node_modules/'.length)));
      return send(response, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    const action = request.method === 'POST' ? actions[pathname] : undefined;
    if (!action) return send(response, request.method === 'POST' ? 404 : 405, 'Not found', 'text/plain; charset=utf-8');
    return sendJson(response, 200, await action(await readJson(request)));
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = error instanceof RequestError ? error.status : 500;
      if (!response.headersSent) sendJson(response, status, { ok: false, error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe();
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

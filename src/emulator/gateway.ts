import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EmulatorCore } from './core.js';

/**
 * Discord's gateway over WebSocket (JSON, no compression): HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, RESUME with replay, RECONNECT, INVALID_SESSION, and dispatches.
 */

interface Dispatch {
  op: 0;
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  sequence: number;
  socket: WebSocket | null;
  /** Sent dispatches kept for replay on RESUME. */
  sent: Dispatch[];
}

export const gatewayPath = '/gateway';

export class Gateway {
  private readonly server: WebSocketServer;
  private session: Session | null = null;
  private readonly readyWaiters: (() => void)[] = [];
  readonly stats = { identifies: 0, resumes: 0, heartbeats: 0 };

  constructor(
    private readonly core: EmulatorCore,
    httpServer: Server,
    private readonly heartbeatIntervalMs: number,
  ) {
    this.server = new WebSocketServer({ server: httpServer, path: gatewayPath });
    this.server.on('connection', (socket) => this.accept(socket));
  }

  /** True while a bot session is connected and identified (or resumed). */
  get connected(): boolean {
    return this.session?.socket?.readyState === 1;
  }

  /** Resolves once a bot is connected and identified. */
  waitForSession(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private accept(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null }));
    socket.on('message', (raw) => {
      let payload: { op?: number; d?: Record<string, unknown> };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      this.receive(socket, payload);
    });
    socket.on('close', () => {
      if (this.session?.socket === socket) this.session.socket = null;
    });
  }

  private receive(socket: WebSocket, payload: { op?: number; d?: Record<string, unknown> }): void {
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.stats.heartbeats++;
        socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
        return;
      case GatewayOpcodes.Identify:
        this.identify(socket, payload.d ?? {});
        return;
      case GatewayOpcodes.Resume:
        this.resume(socket, payload.d ?? {});
        return;
      default:
        // Presence updates, member requests …: accepted and ignored.
        return;
    }
  }

  private identify(socket: WebSocket, data: Record<string, unknown>): void {
    if (data.token !== this.core.token && data.token !== `Bot ${this.core.token}`) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    this.stats.identifies++;
    this.session?.socket?.close(1000, 'new session');
    const session: Session = { id: randomBytes(16).toString('hex'), sequence: 0, socket, sent: [] };
    this.session = session;
    const { state } = this.core;
    const guilds = [...state.guilds.values()].filter((guild) => guild.botPresent);
    this.dispatch(GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...state.apiUser(state.botUser), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.core.gatewayUrl,
      shard: [0, 1],
      application: { id: state.applicationId, flags: 0 },
    });
    for (const guild of guilds) this.dispatch(GatewayDispatchEvents.GuildCreate, state.guildCreatePayload(guild));
    this.notifyReady();
  }

  private resume(socket: WebSocket, data: Record<string, unknown>): void {
    const session = this.session;
    const validToken = data.token === this.core.token || data.token === `Bot ${this.core.token}`;
    if (!session || !validToken || data.session_id !== session.id) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    this.stats.resumes++;
    session.socket = socket;
    const after = typeof data.seq === 'number' ? data.seq : 0;
    for (const dispatch of session.sent) if (dispatch.s > after) socket.send(JSON.stringify(dispatch));
    this.dispatch(GatewayDispatchEvents.Resumed, null);
    this.notifyReady();
  }

  private notifyReady(): void {
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  /** Sends an event to the bot; kept for replay when the bot is disconnected, as Discord does for a resumable session. */
  dispatch(event: string, data: unknown): void {
    const session = this.session;
    if (!session) return;
    const dispatch: Dispatch = { op: 0, s: ++session.sequence, t: event, d: data };
    session.sent.push(dispatch);
    if (session.sent.length > 5000) session.sent.splice(0, 1000);
    if (session.socket?.readyState === 1) session.socket.send(JSON.stringify(dispatch));
  }

  /** Fault: cut the connection without a close frame; the session stays resumable. */
  drop(): void {
    this.session?.socket?.terminate();
  }

  /** Ask the bot to reconnect and resume (opcode 7). */
  requestReconnect(): void {
    this.session?.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
  }

  /** Invalidate the session (opcode 9); with resumable false the bot must identify again. */
  invalidateSession(resumable: boolean): void {
    const socket = this.session?.socket;
    if (!resumable) this.session = null;
    socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null }));
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

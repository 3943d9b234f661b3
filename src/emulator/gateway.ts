import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EmulatorCore } from './core.js';

/**
 * Discord's gateway over WebSocket (JSON, no compression): HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, RESUME with replay, RECONNECT, INVALID_SESSION, and dispatches. Sharded like Discord
 * (https://discord.com/developers/docs/events/gateway#sharding): IDENTIFY may carry `shard: [id, count]`,
 * each shard has its own session, and a server's events go to shard `(guild_id >> 22) % count`; events
 * without a server (DMs) go to shard 0.
 */

interface Dispatch {
  op: 0;
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  shard: [number, number];
  sequence: number;
  socket: WebSocket | null;
  /** Sent dispatches kept for replay on RESUME. */
  sent: Dispatch[];
}

export const gatewayPath = '/gateway';

/** The shard a server's events go to. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class Gateway {
  private readonly server: WebSocketServer;
  /** Sessions by shard id; all share one shard count. */
  private readonly sessions = new Map<number, Session>();
  private shardCount = 1;
  private readonly readyWaiters: { shards: number; resolve: () => void }[] = [];
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
    return this.connectedShards() > 0;
  }

  private connectedShards(): number {
    return [...this.sessions.values()].filter((session) => session.socket?.readyState === 1).length;
  }

  /** Resolves once `shards` sessions (default one) are connected and identified. */
  waitForSession(shards = 1): Promise<void> {
    if (this.connectedShards() >= shards) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push({ shards, resolve }));
  }

  /** Which shard ids are connected now. */
  shardsConnected(): number[] {
    return [...this.sessions].filter(([, session]) => session.socket?.readyState === 1).map(([id]) => id).sort((a, b) => a - b);
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
      for (const session of this.sessions.values()) if (session.socket === socket) session.socket = null;
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
    const shard = Array.isArray(data.shard) ? data.shard : [0, 1];
    const [shardId, shardCount] = shard as unknown[];
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || (shardCount as number) < 1 || (shardId as number) < 0 || (shardId as number) >= (shardCount as number)) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    const id = shardId as number;
    const count = shardCount as number;
    // Another shard count while other shards are connected: Discord would route servers two ways at once.
    const others = [...this.sessions].filter(([other, session]) => other !== id && session.socket?.readyState === 1);
    if (others.length > 0 && count !== this.shardCount) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    if (count !== this.shardCount) this.sessions.clear();
    this.shardCount = count;
    this.stats.identifies++;
    this.sessions.get(id)?.socket?.close(1000, 'new session');
    const session: Session = { id: randomBytes(16).toString('hex'), shard: [id, count], sequence: 0, socket, sent: [] };
    this.sessions.set(id, session);
    const { state } = this.core;
    const guilds = [...state.guilds.values()].filter((guild) => guild.botPresent && shardOf(guild.id, count) === id);
    this.send(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...state.apiUser(state.botUser), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.core.gatewayUrl,
      shard: [id, count],
      application: { id: state.applicationId, flags: 0 },
    });
    for (const guild of guilds) this.send(session, GatewayDispatchEvents.GuildCreate, state.guildCreatePayload(guild));
    this.notifyReady();
  }

  private resume(socket: WebSocket, data: Record<string, unknown>): void {
    const session = [...this.sessions.values()].find((candidate) => candidate.id === data.session_id);
    const validToken = data.token === this.core.token || data.token === `Bot ${this.core.token}`;
    if (!session || !validToken) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    this.stats.resumes++;
    session.socket = socket;
    const after = typeof data.seq === 'number' ? data.seq : 0;
    for (const dispatch of session.sent) if (dispatch.s > after) socket.send(JSON.stringify(dispatch));
    this.send(session, GatewayDispatchEvents.Resumed, null);
    this.notifyReady();
  }

  private notifyReady(): void {
    const connected = this.connectedShards();
    for (const waiter of this.readyWaiters.splice(0)) {
      if (connected >= waiter.shards) waiter.resolve();
      else this.readyWaiters.push(waiter);
    }
  }

  /**
   * Sends an event to the shard that owns `guildId` (shard 0 for none); kept for replay when that shard is
   * disconnected, as Discord does for a resumable session.
   */
  dispatch(event: string, data: unknown, guildId: string | null = null): void {
    const session = this.sessions.get(guildId === null ? 0 : shardOf(guildId, this.shardCount));
    if (session) this.send(session, event, data);
  }

  private send(session: Session, event: string, data: unknown): void {
    const dispatch: Dispatch = { op: 0, s: ++session.sequence, t: event, d: data };
    session.sent.push(dispatch);
    if (session.sent.length > 5000) session.sent.splice(0, 1000);
    if (session.socket?.readyState === 1) session.socket.send(JSON.stringify(dispatch));
  }

  /** Fault: cut every shard's connection without a close frame; the sessions stay resumable. */
  drop(): void {
    for (const session of this.sessions.values()) session.socket?.terminate();
  }

  /** Ask the bot to reconnect and resume (opcode 7), on every shard. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
  }

  /** Invalidate the sessions (opcode 9); with resumable false the bot must identify again. */
  invalidateSession(resumable: boolean): void {
    const sockets = [...this.sessions.values()].map((session) => session.socket);
    if (!resumable) this.sessions.clear();
    for (const socket of sockets) socket?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null }));
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AnswerOutcome } from '../discord/router.js';

/**
 * The bot's Prometheus metrics (prom-client): what it answers and how fast, what the scheduler posted, Discord's
 * 429s, the scheduler's queue for its pacer, whether the database can be written and whether this process holds the
 * scheduler lease, plus Node's own
 * process metrics. Gauges that mirror state (deliveries by outcome, write health, the lease) are read when
 * scraped, from the sources the bot already keeps, so they cannot drift from them.
 */

export interface MetricsSources {
  /** Deliveries by job kind and status, from the database. */
  deliveries(): readonly { kind: string; status: string; count: number }[];
  /** Whether the database can be written right now. */
  databaseWritable(): boolean;
  /** Whether this process holds the scheduler lease. */
  holdsSchedulerLease(): boolean;
  /** Whether the gateway connection is ready. */
  gatewayReady(): boolean;
  /** Scheduler requests (posts, history reads) waiting for a slot in the pacer. */
  pacerWaiting(): number;
}

export interface Metrics {
  registry: Registry;
  interaction(command: string, outcome: AnswerOutcome, seconds: number): void;
  rateLimited(scope: 'global' | 'route'): void;
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const interactions = new Counter({ name: 'grimoire_interactions_total', help: 'Interactions answered, by command and outcome', labelNames: ['command', 'outcome'], registers: [registry] });
  const latency = new Histogram({
    name: 'grimoire_interaction_seconds',
    help: 'Time from receiving an interaction to its answer being ready, by command',
    labelNames: ['command'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [registry],
  });
  const rateLimits = new Counter({ name: 'grimoire_discord_rate_limited_total', help: "Discord's 429s met by the bot's REST clients, global or per route", labelNames: ['scope'], registers: [registry] });
  new Gauge({
    name: 'grimoire_deliveries',
    help: 'Scheduled deliveries kept in the database, by job and outcome (sent, verified as sent, skipped, failed, missed, unverified, claimed)',
    labelNames: ['job', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const row of sources.deliveries()) this.set({ job: row.kind, outcome: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'grimoire_database_writable',
    help: '1 while the database can be written, 0 after a write failed (disk full, read-only, locked too long)',
    registers: [registry],
    collect() {
      this.set(sources.databaseWritable() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'grimoire_scheduler_lease_held',
    help: '1 while this process holds the scheduler lease (exactly one process of the bot should)',
    registers: [registry],
    collect() {
      this.set(sources.holdsSchedulerLease() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'grimoire_gateway_ready',
    help: '1 while the gateway connection is ready',
    registers: [registry],
    collect() {
      this.set(sources.gatewayReady() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'grimoire_scheduler_pacer_waiting',
    help: "Scheduler requests (posts, history reads) waiting for a slot under the bot's share of Discord's global limit",
    registers: [registry],
    collect() {
      this.set(sources.pacerWaiting());
    },
  });
  return {
    registry,
    interaction(command, outcome, seconds) {
      interactions.inc({ command, outcome });
      latency.observe({ command }, seconds);
    },
    rateLimited: (scope) => rateLimits.inc({ scope }),
  };
}

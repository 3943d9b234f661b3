import { GuildScheduledEventEntityType, GuildScheduledEventStatus, PermissionFlagsBits } from 'discord-api-types/v10';

/**
 * Guild Scheduled Events as Discord checks them (DISCORD-REFERENCE.md §2): the fields each entity type needs, the
 * recurrence rules an app may set, the status transitions, and the permissions to create or change one. Problems
 * come back as "field: message" lines for Discord's Invalid Form Body (50035).
 */

export interface StoredScheduledEvent {
  id: string;
  guild_id: string;
  channel_id: string | null;
  creator_id: string;
  name: string;
  description: string | null;
  scheduled_start_time: string;
  scheduled_end_time: string | null;
  privacy_level: number;
  status: GuildScheduledEventStatus;
  entity_type: GuildScheduledEventEntityType;
  entity_id: null;
  entity_metadata: { location: string } | null;
  recurrence_rule: RecurrenceRule | null;
  user_count: number;
}

export interface RecurrenceRule {
  start: string;
  end: string | null;
  frequency: number;
  interval: number;
  by_weekday: number[] | null;
  by_n_weekday: { n: number; day: number }[] | null;
  by_month: number[] | null;
  by_month_day: number[] | null;
  by_year_day: number[] | null;
  count: number | null;
}

/** "100 with status SCHEDULED or ACTIVE at a time" (error 30038). */
export const maxUncompletedEvents = 100;

export const isUncompleted = (event: StoredScheduledEvent): boolean => event.status === GuildScheduledEventStatus.Scheduled || event.status === GuildScheduledEventStatus.Active;

const frequency = { yearly: 0, monthly: 1, weekly: 2, daily: 3 } as const;
/** DAILY's allowed weekday sets (Monday = 0). */
const dailySets = ['0,1,2,3,4', '1,2,3,4,5', '0,1,2,3,6', '4,5', '5,6', '0,6'];

type Body = Record<string, unknown>;

const isText = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && [...value].length >= min && [...value].length <= max;
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isList = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => Number.isInteger(item));

/** The recurrence rule's problems (§2d), or none. */
export function recurrenceProblems(rule: unknown, scheduledStart: string | null): string[] {
  if (rule === null || rule === undefined) return [];
  if (typeof rule !== 'object') return ['recurrence_rule: must be an object'];
  const r = rule as Body;
  const problems: string[] = [];
  for (const field of ['count', 'end', 'by_year_day'] as const) {
    if (r[field] !== undefined && r[field] !== null) problems.push(`recurrence_rule.${field}: This field is not supported for recurring events.`);
  }
  if (!isInstant(r.start)) problems.push('recurrence_rule.start: must be an ISO8601 timestamp');
  // (guess) the rule's start and the event's start must agree; the docs are silent.
  else if (scheduledStart !== null && Date.parse(r.start) !== Date.parse(scheduledStart)) problems.push('recurrence_rule.start: must match scheduled_start_time');
  if (!Object.values(frequency).includes(r.frequency as never)) problems.push('recurrence_rule.frequency: must be 0 (yearly), 1 (monthly), 2 (weekly) or 3 (daily)');
  const interval = r.interval ?? 1;
  if (interval !== 1 && !(interval === 2 && r.frequency === frequency.weekly)) problems.push('recurrence_rule.interval: must be 1, or 2 for a weekly rule');
  const present = (['by_weekday', 'by_n_weekday', 'by_month'] as const).filter((field) => r[field] !== undefined && r[field] !== null);
  if (present.length > 1) problems.push(`recurrence_rule: ${present.join(', ')} cannot be combined`);
  if (r.by_weekday !== undefined && r.by_weekday !== null) {
    const days = r.by_weekday;
    if (!isList(days) || days.some((day) => day < 0 || day > 6)) problems.push('recurrence_rule.by_weekday: days are 0 (Monday) to 6 (Sunday)');
    else if (r.frequency === frequency.weekly && days.length !== 1) problems.push('recurrence_rule.by_weekday: a weekly rule has exactly one day');
    else if (r.frequency === frequency.daily && !dailySets.includes([...days].sort().join(','))) problems.push('recurrence_rule.by_weekday: not one of the weekday sets a daily rule allows');
    else if (r.frequency !== frequency.weekly && r.frequency !== frequency.daily) problems.push('recurrence_rule.by_weekday: only for daily or weekly rules');
  }
  if (r.by_n_weekday !== undefined && r.by_n_weekday !== null && (r.frequency !== frequency.monthly || !Array.isArray(r.by_n_weekday) || r.by_n_weekday.length !== 1)) {
    problems.push('recurrence_rule.by_n_weekday: only for a monthly rule, with exactly one entry');
  }
  const hasMonth = r.by_month !== undefined && r.by_month !== null;
  const hasMonthDay = r.by_month_day !== undefined && r.by_month_day !== null;
  if (hasMonth || hasMonthDay) {
    const yearly = hasMonth && hasMonthDay && r.frequency === frequency.yearly && isList(r.by_month) && isList(r.by_month_day) && r.by_month.length === 1 && r.by_month_day.length === 1;
    if (!yearly) problems.push('recurrence_rule.by_month: with by_month_day, only for a yearly rule, one each');
  }
  return problems;
}

/** An event as it would be after `body` is applied to `existing` (or created), and what is wrong with it. */
export function applyEventBody(body: Body, existing: StoredScheduledEvent | null, nowMs: number): { event: Omit<StoredScheduledEvent, 'id' | 'guild_id' | 'creator_id' | 'user_count'>; problems: string[] } {
  const problems: string[] = [];
  const pick = <K extends keyof StoredScheduledEvent>(key: K, fallback: StoredScheduledEvent[K]): StoredScheduledEvent[K] => (key in body ? (body[key] as StoredScheduledEvent[K]) : (existing?.[key] ?? fallback));
  const event = {
    channel_id: pick('channel_id', null),
    name: pick('name', '' as string),
    description: pick('description', null),
    scheduled_start_time: pick('scheduled_start_time', '' as string),
    scheduled_end_time: pick('scheduled_end_time', null),
    privacy_level: pick('privacy_level', 0),
    status: pick('status', GuildScheduledEventStatus.Scheduled),
    entity_type: pick('entity_type', 0 as GuildScheduledEventEntityType),
    entity_id: null,
    entity_metadata: pick('entity_metadata', null),
    recurrence_rule: pick('recurrence_rule', null),
  };
  if (!isText(event.name, 1, 100)) problems.push('name: must be 1 to 100 characters');
  if (event.description !== null && !isText(event.description, 1, 1000)) problems.push('description: must be 1 to 1000 characters');
  if (event.privacy_level !== 2) problems.push('privacy_level: must be 2 (GUILD_ONLY)');
  if (!isInstant(event.scheduled_start_time)) problems.push('scheduled_start_time: must be an ISO8601 timestamp');
  // (guess) a start in the past is refused, on creation or when the start moves.
  else if ((!existing || 'scheduled_start_time' in body) && Date.parse(event.scheduled_start_time) <= nowMs) problems.push('scheduled_start_time: Cannot schedule event in the past.');
  if (event.scheduled_end_time !== null && (!isInstant(event.scheduled_end_time) || (isInstant(event.scheduled_start_time) && Date.parse(event.scheduled_end_time) <= Date.parse(event.scheduled_start_time)))) {
    problems.push('scheduled_end_time: must be a timestamp after scheduled_start_time');
  }
  const types = [GuildScheduledEventEntityType.StageInstance, GuildScheduledEventEntityType.Voice, GuildScheduledEventEntityType.External];
  if (!types.includes(event.entity_type)) problems.push('entity_type: must be 1 (stage), 2 (voice) or 3 (external)');
  if (event.entity_type === GuildScheduledEventEntityType.External) {
    if (event.channel_id !== null) problems.push('channel_id: must be null for an external event');
    if (!isText((event.entity_metadata as { location?: unknown } | null)?.location, 1, 100)) problems.push('entity_metadata.location: required for an external event, 1 to 100 characters');
    if (event.scheduled_end_time === null) problems.push('scheduled_end_time: required for an external event');
  } else if (types.includes(event.entity_type)) {
    if (typeof event.channel_id !== 'string') problems.push('channel_id: required for a stage or voice event');
    // "entity_metadata is silently dropped for non-EXTERNAL events".
    event.entity_metadata = null;
  }
  problems.push(...recurrenceProblems(event.recurrence_rule, isInstant(event.scheduled_start_time) ? event.scheduled_start_time : null));
  if (existing && 'status' in body && body.status !== existing.status && !statusMayChange(existing.status, body.status)) {
    problems.push(`status: cannot go from ${existing.status} to ${String(body.status)}`);
  }
  return { event, problems };
}

/** §2b: SCHEDULED → ACTIVE or CANCELED; ACTIVE → COMPLETED; COMPLETED and CANCELED are final. */
function statusMayChange(from: GuildScheduledEventStatus, to: unknown): boolean {
  if (from === GuildScheduledEventStatus.Scheduled) return to === GuildScheduledEventStatus.Active || to === GuildScheduledEventStatus.Canceled;
  if (from === GuildScheduledEventStatus.Active) return to === GuildScheduledEventStatus.Completed;
  return false;
}

/**
 * The permissions the bot needs (§2c), as [bits, where] pairs: in the event's channel for stage and voice events,
 * in the server for external ones. Changing someone else's event takes MANAGE_EVENTS; its own, either.
 */
export function requiredPermissions(entityType: GuildScheduledEventEntityType, action: 'create' | 'change', ownEvent: boolean): { all: bigint; anyOf: bigint } {
  const manage = PermissionFlagsBits.ManageEvents;
  const create = PermissionFlagsBits.CreateEvents;
  const anyOf = action === 'create' ? create : ownEvent ? create | manage : manage;
  if (entityType === GuildScheduledEventEntityType.StageInstance) return { all: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.MuteMembers | PermissionFlagsBits.MoveMembers, anyOf };
  if (entityType === GuildScheduledEventEntityType.Voice) return { all: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.Connect, anyOf };
  return { all: 0n, anyOf };
}

/** The event as the API returns it: a copy, so nobody holding a response changes the stored one. */
export function apiScheduledEvent(event: StoredScheduledEvent): StoredScheduledEvent {
  return structuredClone(event);
}

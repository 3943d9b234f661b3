import type { SqliteDatabase } from '../../platform/store/database.js';
import type { SessionPlace } from './core/session-event.js';

export type StudyEventState = 'live' | 'deleted' | 'canceled';

export interface StudyEvent {
  groupId: number;
  eventId: string;
  place: SessionPlace;
  durationMinutes: number;
  state: StudyEventState;
  createdBy: string;
  createdAtMs: number;
}

/** A group's weekly session event, as stored: at most one per group (a new one replaces the old). */
export interface StudyEventRepository {
  find(groupId: number): StudyEvent | undefined;
  save(event: StudyEvent): void;
  setState(groupId: number, state: StudyEventState): void;
}

interface Row {
  group_id: number;
  event_id: string;
  place_kind: 'voice' | 'stage' | 'external';
  channel_id: string | null;
  location: string | null;
  duration_minutes: number;
  state: StudyEventState;
  created_by: string;
  created_at_ms: number;
}

const toEvent = (row: Row): StudyEvent => ({
  groupId: row.group_id,
  eventId: row.event_id,
  place: row.place_kind === 'external' ? { kind: 'external', location: row.location ?? '' } : { kind: row.place_kind, channelId: row.channel_id ?? '' },
  durationMinutes: row.duration_minutes,
  state: row.state,
  createdBy: row.created_by,
  createdAtMs: row.created_at_ms,
});

export function createStudyEventRepository(db: SqliteDatabase): StudyEventRepository {
  const find = db.prepare<[number], Row>('SELECT * FROM study_events WHERE group_id = ?');
  const save = db.prepare(
    `INSERT INTO study_events (group_id, event_id, place_kind, channel_id, location, duration_minutes, state, created_by, created_at_ms)
     VALUES (@groupId, @eventId, @kind, @channelId, @location, @durationMinutes, @state, @createdBy, @createdAtMs)
     ON CONFLICT (group_id) DO UPDATE SET event_id = excluded.event_id, place_kind = excluded.place_kind, channel_id = excluded.channel_id,
       location = excluded.location, duration_minutes = excluded.duration_minutes, state = excluded.state, created_by = excluded.created_by, created_at_ms = excluded.created_at_ms`,
  );
  const setState = db.prepare('UPDATE study_events SET state = ? WHERE group_id = ?');
  return {
    find: (groupId) => {
      const row = find.get(groupId);
      return row && toEvent(row);
    },
    save: (event) =>
      void save.run({
        groupId: event.groupId,
        eventId: event.eventId,
        kind: event.place.kind,
        channelId: event.place.kind === 'external' ? null : event.place.channelId,
        location: event.place.kind === 'external' ? event.place.location : null,
        durationMinutes: event.durationMinutes,
        state: event.state,
        createdBy: event.createdBy,
        createdAtMs: event.createdAtMs,
      }),
    setState: (groupId, state) => void setState.run(state, groupId),
  };
}

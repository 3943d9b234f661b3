import { describe, expect, it } from 'vitest';
import { parseCsv, csvText } from '../../src/features/server-data/core/csv.js';
import { exportFiles, isoInstant, type ServerData } from '../../src/features/server-data/core/export-tables.js';
import { exportReply } from '../../src/features/server-data/presenters/replies.js';
import { toMessageBody, type ReplyFile } from '../../src/platform/discord/reply.js';

const empty: ServerData = {
  groups: [],
  members: [],
  checkins: [],
  breaks: [],
  plans: [],
  events: [],
  polls: [],
  reminderOptOuts: [],
  spotlightSettings: null,
  spotlightQueue: [],
  spotlightHistory: [],
  schedules: [],
};

const noon = Date.UTC(2026, 10, 22, 12, 0);
const titles: Record<string, string> = { 'fluent-python': 'Fluent Python' };
const bookTitle = (id: string): string | null => titles[id] ?? null;

/** Each file as rows of text, the way a spreadsheet would open it. */
function opened(data: ServerData): Record<string, string[][]> {
  return Object.fromEntries(exportFiles(data, bookTitle).map((file) => [file.name, parseCsv(csvText(file.table))]));
}

describe('the export files', () => {
  it('are always the same ten files (Discord takes at most ten a message) in the same order, an empty table being its header alone', () => {
    const files = exportFiles(empty, bookTitle);
    expect(files.map((file) => file.name)).toEqual([
      'study-groups.csv',
      'study-members.csv',
      'study-checkins.csv',
      'study-breaks.csv',
      'study-reminder-opt-outs.csv',
      'spotlight-settings.csv',
      'spotlight-queue.csv',
      'spotlight-history.csv',
      'polls.csv',
      'schedules.csv',
    ]);
    for (const file of files) expect(file.table.rows, file.name).toEqual([]);
    expect(opened(empty)['study-checkins.csv']).toEqual([['group_id', 'group_name', 'user_id', 'at', 'week', 'unit', 'value', 'total', 'progress', 'note']]);
  });

  it('write instants as ISO-8601 UTC, nothing as an empty cell, and book titles beside their ids', () => {
    const data: ServerData = {
      ...empty,
      groups: [
        { groupId: 1, name: 'Readers', bookId: 'fluent-python', ownerId: '42', targetAmount: 2, targetUnit: 'chapter', createdAtMs: noon, archivedAtMs: null, nextBookId: 'cpython-internals', readBefore: ['serious-python', 'python-cookbook'] },
        { groupId: 2, name: 'Gone', bookId: 'retired-book', ownerId: '43', targetAmount: null, targetUnit: null, createdAtMs: noon, archivedAtMs: noon + 1, nextBookId: null, readBefore: [] },
      ],
      plans: [{ groupId: 1, groupName: 'Readers', startWeekKey: '2026-W47', endWeekKey: '2027-W04', setBy: '42', setAtMs: noon }],
      events: [{ groupId: 2, groupName: 'Gone', eventId: '900', placeKind: 'external', channelId: null, location: 'Library', durationMinutes: 60, state: 'canceled', createdBy: '43', createdAtMs: noon }],
      checkins: [
        { groupId: 1, groupName: 'Readers', userId: '42', atMs: noon + 90_000, weekKey: '2026-W47', unit: 'chapter', value: 5, total: 24, raw: '5/24', note: 'great, "really"\nnext week: ch 6' },
        { groupId: 1, groupName: 'Readers', userId: '44', atMs: noon, weekKey: '2026-W47', unit: 'percent', value: 12.5, total: null, raw: '12.5%', note: null },
      ],
    };
    const files = opened(data);
    expect(files['study-groups.csv']).toEqual([
      [
        ...['group_id', 'name', 'book_id', 'book_title', 'owner_id', 'target_amount', 'target_unit', 'created_at', 'archived_at'],
        ...['next_book_id', 'read_before'],
        ...['plan_start_week', 'plan_end_week', 'plan_set_by', 'plan_set_at'],
        ...['event_id', 'event_place', 'event_channel_id', 'event_location', 'event_duration_minutes', 'event_state', 'event_created_by', 'event_created_at'],
      ],
      [...['1', 'Readers', 'fluent-python', 'Fluent Python', '42', '2', 'chapter', '2026-11-22T12:00:00.000Z', ''], ...['cpython-internals', 'serious-python python-cookbook'], ...['2026-W47', '2027-W04', '42', '2026-11-22T12:00:00.000Z'], ...['', '', '', '', '', '', '', '']],
      [...['2', 'Gone', 'retired-book', '', '43', '', '', '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.001Z'], ...['', ''], ...['', '', '', ''], ...['900', 'external', '', 'Library', '60', 'canceled', '43', '2026-11-22T12:00:00.000Z']],
    ]);
    expect(files['study-checkins.csv']!.slice(1)).toEqual([
      ['1', 'Readers', '42', '2026-11-22T12:01:30.000Z', '2026-W47', 'chapter', '5', '24', '5/24', 'great, "really"\nnext week: ch 6'],
      ['1', 'Readers', '44', '2026-11-22T12:00:00.000Z', '2026-W47', 'percent', '12.5', '', '12.5%', ''],
    ]);
  });

  it('neutralise formulas in user text (names, progress, notes) but not in numbers', () => {
    const data: ServerData = {
      ...empty,
      groups: [{ groupId: 1, name: '=cmd|"/c calc"!A1', bookId: 'fluent-python', ownerId: '42', targetAmount: null, targetUnit: null, createdAtMs: noon, archivedAtMs: null, nextBookId: null, readBefore: [] }],
      checkins: [{ groupId: 1, groupName: '=cmd|"/c calc"!A1', userId: '42', atMs: noon, weekKey: '2026-W47', unit: 'page', value: 120, total: null, raw: '+p. 120', note: '@SUM(1)' }],
    };
    const files = opened(data);
    expect(files['study-groups.csv']![1]![1]).toBe('\'=cmd|"/c calc"!A1');
    expect(files['study-checkins.csv']![1]!.slice(1)).toEqual(['\'=cmd|"/c calc"!A1', '42', '2026-11-22T12:00:00.000Z', '2026-W47', 'page', '120', '', "'+p. 120", "'@SUM(1)"]);
  });

  it('export the spotlight and the schedules', () => {
    const data: ServerData = {
      ...empty,
      reminderOptOuts: ['45'],
      spotlightSettings: { roleId: null, configuredBy: '42' },
      spotlightQueue: [{ position: 1, bookId: 'fluent-python', queuedBy: '42', queuedAtMs: noon }],
      spotlightHistory: [{ sequence: 1, bookId: 'fluent-python', outcome: 'posted', weekKey: '2026-W47', atMs: noon }],
      schedules: [
        { kind: 'spotlight', subjectId: '', channelId: '300', weekday: 1, localTime: '18:30', timeZone: 'Europe/Berlin', nextDueMs: noon, pausedReason: 'Missing Permissions', pausedAtMs: noon, createdAtMs: noon, updatedAtMs: noon },
      ],
    };
    const files = opened(data);
    expect(files['study-reminder-opt-outs.csv']).toEqual([['user_id'], ['45']]);
    expect(files['spotlight-settings.csv']).toEqual([['role_id', 'configured_by'], ['', '42']]);
    expect(files['spotlight-queue.csv']![1]).toEqual(['1', 'fluent-python', 'Fluent Python', '42', '2026-11-22T12:00:00.000Z']);
    expect(files['spotlight-history.csv']![1]).toEqual(['1', 'fluent-python', 'Fluent Python', 'posted', '2026-W47', '2026-11-22T12:00:00.000Z']);
    expect(files['schedules.csv']![1]).toEqual(['spotlight', '', '300', '1', '18:30', 'Europe/Berlin', '2026-11-22T12:00:00.000Z', 'Missing Permissions', '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z', '2026-11-22T12:00:00.000Z']);
  });

  it('isoInstant', () => {
    expect(isoInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoInstant(null)).toBeNull();
  });
});

describe('the export reply', () => {
  const file = (name: string): ReplyFile => ({ name, contentType: 'text/csv; charset=utf-8', data: Buffer.from('a\r\n') });

  it('is private, carries the files and refers to each as files[n] in attachments', () => {
    const reply = exportReply({ files: [{ ...file('one.csv'), rows: 0 }, { ...file('two.csv'), rows: 1 }], atMs: noon });
    expect(reply.ephemeral).toBe(true);
    expect(reply.files!.map((f) => f.name)).toEqual(['one.csv', 'two.csv']);
    expect(reply.content).toContain('`one.csv`: 0 rows');
    expect(reply.content).toContain('`two.csv`: 1 row');
    expect(toMessageBody(reply).attachments).toEqual([
      { id: 0, filename: 'one.csv' },
      { id: 1, filename: 'two.csv' },
    ]);
  });

  it("refuses more files than Discord's 10 a message", () => {
    const files = Array.from({ length: 11 }, (_, i) => file(`f${i}.csv`));
    expect(toMessageBody({ content: 'x', files: files.slice(0, 10) }).attachments).toHaveLength(10);
    expect(() => toMessageBody({ content: 'x', files })).toThrow(/at most 10 files/);
    expect(toMessageBody({ content: 'no files' }).attachments).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, parsePlaygroundArgs } from '../../src/playground/session/options.js';

describe('parsePlaygroundArgs', () => {
  it('defaults to data/playground.db, kept between runs', () => {
    expect(parsePlaygroundArgs([], {})).toEqual({ ok: true, options: { databasePath: defaultDatabasePath, fresh: false, logPath: null, startMs: null, web: false, port: null, help: false } });
    expect(defaultDatabasePath).toBe('data/playground.db');
  });

  it('takes the database from --db, --db=, or PLAYGROUND_DB (the flag wins)', () => {
    expect(parsePlaygroundArgs(['--db', '/tmp/a.db', '--fresh'], {})).toMatchObject({ ok: true, options: { databasePath: '/tmp/a.db', fresh: true } });
    expect(parsePlaygroundArgs(['--db=/tmp/b.db'], {})).toMatchObject({ options: { databasePath: '/tmp/b.db' } });
    expect(parsePlaygroundArgs([], { PLAYGROUND_DB: '/tmp/c.db' })).toMatchObject({ options: { databasePath: '/tmp/c.db' } });
    expect(parsePlaygroundArgs(['--db', '/tmp/a.db'], { PLAYGROUND_DB: '/tmp/c.db' })).toMatchObject({ options: { databasePath: '/tmp/a.db' } });
  });

  it('explains a missing value or an unknown flag', () => {
    expect(parsePlaygroundArgs(['--db'], {})).toEqual({ ok: false, error: '--db needs a path, e.g. --db /tmp/playground.db' });
    expect(parsePlaygroundArgs(['--db', '--fresh'], {})).toMatchObject({ ok: false });
    expect(parsePlaygroundArgs(['--frsh'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/^Unknown argument "--frsh"[\s\S]*Usage:/) });
  });

  it('reads --log and --help', () => {
    expect(parsePlaygroundArgs(['--log', '/tmp/p.log', '-h'], {})).toMatchObject({ options: { logPath: '/tmp/p.log', help: true } });
  });

  it('reads --now as a UTC instant with its zone, and refuses anything else', () => {
    expect(parsePlaygroundArgs(['--now', '2026-12-08T20:00:00Z'], {})).toMatchObject({ options: { startMs: Date.UTC(2026, 11, 8, 20, 0) } });
    expect(parsePlaygroundArgs(['--now=2026-12-09T01:30+05:30'], {})).toMatchObject({ options: { startMs: Date.UTC(2026, 11, 8, 20, 0) } });
    for (const bad of ['2026-12-08T20:00:00', '2026-02-30T10:00:00Z', 'tuesday', '1765224000000']) {
      expect(parsePlaygroundArgs(['--now', bad], {}), bad).toEqual({ ok: false, error: `--now needs a UTC instant with its zone, e.g. --now 2026-12-08T20:00:00Z (got "${bad}")` });
    }
    expect(parsePlaygroundArgs(['--now'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/^--now needs/) });
  });

  it('reads --web and its --port, and refuses a port that is no port or comes without --web', () => {
    expect(parsePlaygroundArgs(['--web'], {})).toMatchObject({ options: { web: true, port: null } });
    expect(parsePlaygroundArgs(['--web', '--port', '8123'], {})).toMatchObject({ options: { web: true, port: 8123 } });
    expect(parsePlaygroundArgs(['--port=8123', '--web'], {})).toMatchObject({ options: { web: true, port: 8123 } });
    for (const bad of ['0', '65536', 'http', '80a', '-1']) {
      expect(parsePlaygroundArgs(['--web', `--port=${bad}`], {}), bad).toEqual({ ok: false, error: `--port needs a port number from 1 to 65535 (got "${bad}")` });
    }
    expect(parsePlaygroundArgs(['--web', '--port'], {})).toEqual({ ok: false, error: '--port needs a port number from 1 to 65535' });
    expect(parsePlaygroundArgs(['--port', '8123'], {})).toEqual({ ok: false, error: '--port is for the web playground: add --web' });
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startPinnedWorld } from '../../src/playground/session/pinned-world.js';
import { createSession } from '../../src/playground/terminal/session.js';

/** Runs the playground exactly as `npm run playground < script.txt` does: a child process reading a piped stdin. */

const root = join(import.meta.dirname, '..', '..');
const workDir = mkdtempSync(join(tmpdir(), 'grimoire-playground-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runPlayground(args: string[], script: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/playground/main.ts', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

/** The output of each input line, keyed by the line (`> /book query: fluent` → what followed it). */
function sections(stdout: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of stdout.split(/^> /m).slice(1)) {
    const newline = part.indexOf('\n');
    result.set(part.slice(0, newline), part.slice(newline + 1).trim());
  }
  return result;
}

describe('npm run playground < script.txt', () => {
  it('runs a script against the real bot and prints readable answers', { timeout: 30_000 }, async () => {
    const db = join(workDir, 'playground.db');
    writeFileSync(db, 'not a database: --fresh must delete this');
    const script = [
      '# a tour of the bot',
      '/book query: fluent',
      'click 1',
      '/recommend topic: asyncio level: advanced',
      '/book query: zzzz',
      'clock +7d',
      'help',
      'exit',
      '/book query: never run after exit',
    ].join('\n');
    const run = await runPlayground(['--fresh', '--db', db, '--now', '2026-12-08T20:00:00Z'], `${script}\n`);
    expect(run.code, `stderr:\n${run.stderr}\nstdout:\n${run.stdout}`).toBe(0);
    expect(existsSync(db)).toBe(true);

    expect(run.stdout).toMatch(/^Grimoire playground: .*#books/m);
    const out = sections(run.stdout);
    expect([...out.keys()]).toEqual(['/book query: fluent', 'click 1', '/recommend topic: asyncio level: advanced', '/book query: zzzz', 'clock +7d', 'help', 'exit']);

    const card = out.get('/book query: fluent') ?? '';
    expect(card).toMatch(/^Grimoire\n {2}┃ Fluent Python\n {2}┃ Clear, Concise, and Effective Programming\n/);
    expect(card).toContain("[thumbnail: Cover of Fluent Python, 2nd edition (O'Reilly)]");
    expect(card).toContain('┃ ⚠️ 3 corrections to the articles');
    expect(card).toMatch(/\[1\] How to read it {3}\[2\] Key takeaways {3}\[3\] Chapters {3}\[4\] Similar books/);

    const reading = out.get('click 1') ?? '';
    expect(reading).toMatch(/^Grimoire \(only you can see this\)\n {2}┃ How to read Fluent Python\n {2}┃ 🆓 Free full text: /);

    const recommendations = out.get('/recommend topic: asyncio level: advanced') ?? '';
    expect(recommendations).toContain('┃ Books for asyncio & async/await');
    expect(recommendations).toMatch(/┃ 1\. \S[\s\S]*┃ 2\. \S/);
    expect(recommendations).toContain('[thumbnail: Cover of Fluent Python');
    expect(recommendations.match(/ · Advanced\n/g)?.length).toBeGreaterThanOrEqual(2);
    expect(recommendations).toContain('Level: advanced');

    expect(out.get('/book query: zzzz')).toMatch(/^Grimoire \(only you can see this\)\n {2}No book matches “zzzz”\./);

    // The clock started at --now and stood still: a week later to the millisecond.
    expect(out.get('clock +7d')).toMatch(/^Clock moved forward 7d: 2026-12-15T20:00:00\.000Z \(UTC\) .*\(pinned; moved 7d since the start\)/);

    const help = out.get('help') ?? '';
    expect(help).toMatch(/^ {2}\/book query: …$/m);
    expect(help).toMatch(/^ {2}\/recommend topic: … \[level: …\] \[count: …\]$/m);
    expect(help).toMatch(/^ {2}click N /m);
    expect(help).toMatch(/^ {2}clock \+7d /m);
    expect(help).toMatch(/^ {2}vote N A \[as alice\] +vote in poll N/m);
    expect(help).toMatch(/^ {2}events +list the server's scheduled events/m);
    expect(run.stdout).not.toContain('never run after exit');
  });

  // Wednesday 09:00 in Kolkata is Wednesday 03:30 UTC all year (no DST there). The starts include the one where
  // the old version of this test failed (a Tuesday evening, less than a day before the slot), the minute before
  // the slot, and the minute before Europe's clocks change.
  const slotsBetween = (fromMs: number, toMs: number): number => {
    let count = 0;
    for (let day = Math.floor(fromMs / 86_400_000) - 1; day * 86_400_000 <= toMs; day++) {
      const slot = day * 86_400_000 + 3.5 * 3_600_000;
      if (new Date(slot).getUTCDay() === 3 && slot > fromMs && slot <= toMs) count++;
    }
    return count;
  };
  for (const start of ['2026-12-01T20:00:00Z', '2026-12-02T03:29:00Z', '2027-03-28T00:59:00Z']) {
    it(`posts the weekly spotlight once for each slot the clock passes, never twice (start ${start})`, { timeout: 30_000 }, async () => {
      const steps = ['7d', '1d', '6d'];
      const script = ['/spotlight setup channel: #books day: wednesday time: 9am timezone: Asia/Kolkata', ...steps.map((step) => `clock +${step}`), '/spotlight status'].join('\n');
      const run = await runPlayground(['--fresh', '--db', join(workDir, `spotlight-${start.slice(0, 10)}.db`), '--now', start], `${script}\n`);
      expect(run.code, run.stderr).toBe(0);
      const out = sections(run.stdout);
      expect(out.get('/spotlight setup channel: #books day: wednesday time: 9am timezone: Asia/Kolkata')).toMatch(
        /┃ ✅ Weekly spotlight set\n {2}┃ Posts every Wednesday at 09:00 \(Asia\/Kolkata\) in #books\./,
      );
      let fromMs = Date.parse(start);
      let total = 0;
      for (const step of steps) {
        const toMs = fromMs + Number.parseInt(step, 10) * 86_400_000;
        const expected = slotsBetween(fromMs, toMs);
        const posts = (out.get(`clock +${step}`) ?? '').match(/New message:\nGrimoire\n {2}┃ 📚 Weekly spotlight: /g)?.length ?? 0;
        expect(posts, `clock +${step} from ${new Date(fromMs).toISOString()}`).toBe(expected);
        total += posts;
        fromMs = toMs;
      }
      // 14 days hold exactly two Wednesdays: two posts in all, whatever the start.
      expect(total).toBe(2);
      expect(out.get('/spotlight status')).toMatch(/┃ Last post: (?!none yet)\S/);
    });
  }

  it('exits 0 at the end of the input, reporting bad lines without stopping', { timeout: 30_000 }, async () => {
    const run = await runPlayground(['--db', join(workDir, 'second.db'), '--now', '2026-12-08T20:00:00Z'], '/recommend topic: asyncio levle: advanced\nclock -1d\n/book query: beazly\n');
    expect(run.code, run.stderr).toBe(0);
    const out = sections(run.stdout);
    expect(out.get('/recommend topic: asyncio levle: advanced')).toMatch(/has no option "levle"\. Options: topic:, level:, count:/);
    expect(out.get('clock -1d')).toMatch(/only moves forward/);
    expect(out.get('/book query: beazly')).toContain('┃ Python Cookbook\n');
  });

  it('runs /book "from another server", where only your own install of Grimoire answers', { timeout: 30_000 }, async () => {
    const script = ['elsewhere /book query: fluent', 'click 4', 'elsewhere /spotlight status', 'messages'].join('\n');
    const run = await runPlayground(['--fresh', '--db', join(workDir, 'elsewhere.db'), '--now', '2026-12-08T20:00:00Z'], `${script}\n`);
    expect(run.code, run.stderr).toBe(0);
    const out = sections(run.stdout);
    expect(out.get('elsewhere /book query: fluent')).toMatch(/^In Elsewhere #general \(Grimoire is not in this server; you installed it to your account\):\n\nGrimoire\n {2}┃ Fluent Python\n/);
    expect(out.get('click 4')).toMatch(/^Grimoire \(only you can see this\)\n {2}┃ Books similar to Fluent Python/);
    expect(out.get('elsewhere /spotlight status')).toMatch(/The playground could not do that: Discord does not offer \/spotlight here: the bot is not in this server/);
    // Nothing of it reached #books in the playground's own server.
    expect(out.get('messages')).toBe('#books is empty.');
  });

  it('explains an unknown flag and exits 2', { timeout: 30_000 }, async () => {
    const run = await runPlayground(['--nope'], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown argument "--nope"[\s\S]*Usage: npm run playground/);
  });

  it('shows polls, takes votes from several members, posts the result when the poll ends, and lists the events', { timeout: 30_000 }, async () => {
    const pinned = await startPinnedWorld();
    try {
      const { world } = pinned;
      const { emulator, place } = world;
      const session = createSession({
        discord: world.discord,
        place,
        definitions: commands.map((command) => command.definition),
        directory: world.directory,
        names: world.names,
        clock: pinned.clock,
        passTime: world.passTime,
        timeZone: 'Europe/Berlin',
        guildName: world.guildName,
      });
      const run = async (line: string): Promise<string> => (await session.execute(line)).output;
      const asBot = (path: string, body: unknown) =>
        fetch(`${emulator.apiBase}/v10${path}`, { method: 'POST', headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

      // The bot's poll, through REST as the bot does it, and one a member posts in Discord's client.
      const posted = await asBot(`/channels/${place.channelId}/messages`, {
        poll: { question: { text: 'Which book next?' }, answers: ['Fluent Python', 'Effective Python', 'Robust Python'].map((text) => ({ poll_media: { text } })), duration: 1 },
        allowed_mentions: { parse: [] },
      });
      expect(posted.status).toBe(200);
      const pollId = ((await posted.json()) as { id: string }).id;
      // Members may post polls where they have Send Polls (not part of @everyone's permissions here).
      const carol = emulator.createMember(place.guildId, { username: 'carol', permissions: PermissionFlagsBits.SendPolls });
      emulator.postPollAsMember({ channelId: place.channelId, userId: carol, poll: { question: { text: 'Tea or coffee?' }, answers: [{ poll_media: { text: 'Tea', emoji: { name: '🍵' } } }, { poll_media: { text: 'Coffee' } }], allow_multiselect: true, duration: 48 } });

      const channel = await run('messages');
      expect(channel).toContain('Grimoire\n  📊 Which book next?\n     Poll 1 · Select one answer · vote 1 <answer>\n  [1] Fluent Python     ░░░░░░░░░░  0 votes    0%\n');
      expect(channel).toContain('carol\n  📊 Tea or coffee?\n     Poll 2 · Select one or more answers · vote 2 <answer> (several: vote 2 1 3)\n  [1] 🍵 Tea  ░░░░░░░░░░  0 votes    0%\n  [2] Coffee  ░░░░░░░░░░  0 votes    0%\n');
      expect(channel).toMatch(/0 votes · 1h left\n[\s\S]*0 votes · 2d left$/);

      const voted = await run('vote 1 1');
      expect(voted).toMatch(/^you voted for “Fluent Python” in poll 1\.\n\nGrimoire\n/);
      expect(voted).toContain('  [1] Fluent Python     ██████████  1 vote   100%  you\n');
      expect(await run('vote 1 2 as alice')).toMatch(/^alice voted for “Effective Python” in poll 1\./);
      expect(await run('as bob vote 1 1')).toContain('  [1] Fluent Python     ███████░░░  2 votes   67%  you, bob\n  [2] Effective Python  ███░░░░░░░  1 vote    33%  alice\n');
      expect(await run('vote 1 1 2')).toBe('Poll 1 takes one answer.');
      expect(await run('vote 2 1 2 as bob')).toMatch(/^bob voted for “Tea” and “Coffee” in poll 2\./);
      expect(emulator.pollView(pollId).answers.map((answer) => answer.count)).toEqual([2, 1, 0]);

      // An hour later the poll has ended: Discord posts its result, and takes no more votes.
      const later = await run('clock +1h');
      expect(later).toContain("New message:\n📊 Grimoire's poll “Which book next?” has closed.\n  Winning answer: Fluent Python — 2 of 3 votes (67%)");
      expect(await run('vote 1 3 as dave')).toBe('The playground could not do that: This poll has closed: Discord takes no more votes on it.');
      const closed = await run('messages');
      expect(closed).toContain('67%  (winner) you, bob\n');
      expect(closed).toContain('  3 votes · Poll closed');

      // A study session as a scheduled event, made through the emulator's REST as the bot makes it.
      const room = world.directory().channels.get('reading-room');
      const start = '2026-12-16T18:00:00.000Z';
      const created = await asBot(`/guilds/${place.guildId}/scheduled-events`, {
        name: '📖 Readers: weekly session',
        description: 'Reading Fluent Python together.',
        privacy_level: 2,
        entity_type: 2,
        channel_id: room,
        scheduled_start_time: start,
        scheduled_end_time: '2026-12-16T19:00:00.000Z',
        recurrence_rule: { start, frequency: 2, interval: 1, by_weekday: [2] },
      });
      expect(created.status).toBe(200);
      const eventId = ((await created.json()) as { id: string }).id;
      expect(await run('events')).toBe(
        [
          'Scheduled events in Playground (1 upcoming; times in Europe/Berlin):',
          '',
          '  📅 📖 Readers: weekly session — Scheduled',
          '     Wed, 16 Dec 2026, 19:00 – 20:00 · every Wednesday · 🔊 #reading-room',
          '     Reading Fluent Python together.',
          `     https://discord.com/events/${place.guildId}/${eventId}`,
        ].join('\n'),
      );
    } finally {
      await pinned.close();
    }
  });
});

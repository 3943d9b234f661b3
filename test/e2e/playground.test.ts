import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
});

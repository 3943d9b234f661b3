import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';

/**
 * The bench's figures as a Markdown file (`npm run bench -- --report` → bench/RESULTS.md): each figure with its
 * target and, where there is one, the peer's figure, all from the one run that wrote it.
 */

export interface ReportFigure {
  name: string;
  value: number | string;
  unit?: string;
  /** What it should be, as text: "≤ 1.2×", "0", "≥ 5,000/s". */
  target?: string;
  /** The same figure for what we compare with (the peer bot, Fuse.js). */
  peer?: number | string;
  /** Whether the target was met; absent for figures without a target. */
  ok?: boolean;
}

export interface Report {
  section(title: string): void;
  figure(figure: ReportFigure): void;
  /** A line of context under the current section (or under the header before any section). */
  note(text: string): void;
  /** Writes the Markdown file (folders created); returns how many figures it holds. */
  write(path: string): number;
}

interface Section {
  title: string;
  notes: string[];
  figures: ReportFigure[];
}

/** 1,234 · 12.3 · 1.23: enough digits to read, no more. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(abs >= 10 ? 1 : 2);
}

const cell = (value: number | string | undefined, unit = ''): string => {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  // A unit that is a symbol sits on the number; a word gets a space.
  const joined = unit === '' || text === '–' ? text : /^[%×/]/.test(unit) ? `${text}${unit}` : `${text} ${unit}`;
  return joined.replace(/\|/g, '\\|');
};

const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'yes' : '**no**');

export function createReport(): Report {
  const header: string[] = [];
  const sections: Section[] = [];
  const current = (): Section | undefined => sections[sections.length - 1];
  return {
    section(title) {
      sections.push({ title, notes: [], figures: [] });
    },
    figure(figure) {
      const section = current();
      if (!section) throw new Error(`figure "${figure.name}" recorded before any section`);
      section.figures.push(figure);
    },
    note(text) {
      (current()?.notes ?? header).push(text);
    },
    write(path) {
      const cpus = os.cpus();
      const lines = [
        '# Grimoire benchmark results',
        '',
        `Written by \`npm run bench -- --report\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; every figure below is from that one run.`,
        '',
        `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} logical cores (load average at the end ${os.loadavg().map((n) => n.toFixed(2)).join(' ')})`,
        `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
        `- Node ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.arch()}`,
        ...header.map((text) => `- ${text}`),
      ];
      for (const section of sections) {
        lines.push('', `## ${section.title}`, '');
        for (const text of section.notes) lines.push(text, '');
        if (section.figures.length === 0) continue;
        const withPeer = section.figures.some((f) => f.peer !== undefined);
        lines.push(withPeer ? '| figure | value | target | peer | met |' : '| figure | value | target | met |');
        lines.push(withPeer ? '|---|--:|---|--:|---|' : '|---|--:|---|---|');
        for (const f of section.figures) {
          const cells = [cell(f.name), cell(f.value, f.unit), cell(f.target), ...(withPeer ? [cell(f.peer, f.unit)] : []), verdict(f.ok)];
          lines.push(`| ${cells.join(' | ')} |`);
        }
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${lines.join('\n')}\n`);
      return sections.reduce((sum, section) => sum + section.figures.length, 0);
    },
  };
}

/**
 * The progress picture of a study group (issue 18), as plain layout: a row per member, a column per recent week
 * (checked in, on a break, missed, not yet, not a member yet: each its own colour AND shape, so it reads without
 * colour), and each member's position in the book as a bar with its text. A renderer at the edge draws the
 * primitives; nothing here knows a canvas. The picture is an opaque light card, readable on Discord's dark and light
 * themes alike.
 */

import { singleLineText } from '../../../core/user-text.js';
import type { LocalDate } from '../../../core/weekly-rule.js';
import { estimateTextWidth, fitText, type TextWeight } from './picture-text.js';
import { monthNames, shortDate } from './short-date.js';
import { describeProgress, progressFraction, type Progress, type ProgressUnit } from './progress.js';
import type { WeekState } from './week-states.js';

export interface PictureWeek {
  key: string;
  /** The Monday the week starts on. */
  start: LocalDate;
}

/** Where a member is in the book, from their latest check-in: chapter 5 (of 24), page 120 (of 300), 45 (percent). */
export interface PicturePosition {
  kind: ProgressUnit;
  value: number;
  of?: number | null;
}

export interface PictureMember {
  /** As shown in the server; drawn as plain text, so "@everyone" or "<@123>" is just those characters. */
  name: string;
  /** One per week of the picture, oldest first (aligned from the end when the lengths differ). */
  weeks: readonly WeekState[];
  position: PicturePosition | null;
  /** Against the group's reading plan, with its words ("behind the plan by 2 chapters"); absent without a plan. */
  planStanding?: { kind: 'ahead' | 'on-plan' | 'behind'; words: string } | null;
}

/** The group's reading plan this week: how much of the book is due by now (0–1) and what the week is, in words. */
export interface PicturePlan {
  dueFraction: number;
  /** "week 3 of 8: ch. 7–9". */
  label: string;
}

export interface ProgressPictureInput {
  groupName: string;
  bookTitle: string;
  /** From the catalogue when the book's chapter list is known: "chapter 5" becomes "chapter 5 of 24". */
  chapterCount: number | null;
  /** Oldest first; the last is the current week. */
  weeks: readonly PictureWeek[];
  members: readonly PictureMember[];
  /** The reading plan, if the group has one: a mark on every bar where the plan stands. */
  plan?: PicturePlan | null;
}

export type TextAlign = 'left' | 'center' | 'right';

export interface RectPrimitive {
  kind: 'rect';
  x: number;
  y: number;
  width: number;
  height: number;
  radius: number;
  fill: string | null;
  stroke: string | null;
  lineWidth: number;
  dash: readonly number[] | null;
  /** Set on the first primitive of a member's week cell: what it shows. */
  cell?: { member: number; week: number; state: WeekState };
}

export interface TextPrimitive {
  kind: 'text';
  x: number;
  /** The middle of the text's line. */
  y: number;
  text: string;
  size: number;
  weight: TextWeight;
  color: string;
  align: TextAlign;
  /** The renderer cuts the text with "…" to this width if the layout's estimate fell short. */
  maxWidth: number;
}

export interface LinePrimitive {
  kind: 'line';
  points: readonly (readonly [number, number])[];
  color: string;
  width: number;
}

/** A progress bar: a rounded track filled from the left for `fraction`; null when the total is unknown (drawn as an empty, dashed track). */
export interface BarPrimitive {
  kind: 'bar';
  x: number;
  y: number;
  width: number;
  height: number;
  fraction: number | null;
  fill: string;
  track: string;
}

export type Primitive = RectPrimitive | TextPrimitive | LinePrimitive | BarPrimitive;

export interface ProgressPicture {
  width: number;
  height: number;
  primitives: Primitive[];
}

/** Colours from the Okabe–Ito palette (told apart with every common colour-vision deficiency), on a warm light card. */
export const pictureColours = {
  card: '#f4f1ea',
  cardBorder: '#b9b2a3',
  zebra: '#ebe7dd',
  thisWeek: 'rgba(0, 114, 178, 0.10)',
  text: '#1f2328',
  muted: '#5d6470',
  checkedIn: '#0072b2',
  onBreak: '#e69f00',
  breakMark: '#3d2a00',
  missed: '#d55e00',
  missedFill: '#fbe3d5',
  pending: '#6f7580',
  notMember: '#a3a8b1',
  barFill: '#009e73',
  barDone: '#006d50',
  barTrack: '#d9d4c8',
  barUnknown: '#8f8879',
  planMark: '#1f2328',
} as const;

const pad = 20;
export const rowHeight = 24;
const cellPitch = 26;
const cellSize = 18;
const nameWidth = 176;
const barWidth = 120;
const barHeight = 10;
const positionWidth = 150;
const nameSize = 13;
/** A picture shows at most this many weeks (the newest) and rows; the service allows 200 members. */
export const maxPictureWeeks = 16;
export const maxPictureRows = 250;


const stateLabels: Record<WeekState, string> = {
  'checked-in': 'checked in',
  break: 'on a break',
  missed: 'missed',
  pending: 'not yet (this week)',
  'not-member': 'not a member yet',
};

export const weekStateOrder: readonly WeekState[] = ['checked-in', 'break', 'missed', 'pending', 'not-member'];

/** A member's name as drawn: one line, no controls, never empty. */
export function memberNameText(name: string): string {
  return singleLineText(name) || 'unnamed member';
}

/** The progress the core's describe/fraction functions read, from a picture position. */
export function positionProgress(position: PicturePosition): Progress {
  return { unit: position.kind, value: position.value, total: position.of ?? null };
}

/** "chapter 5 of 24", "page 120", "45%", "done"; "no check-in yet" without a position. */
export function positionText(position: PicturePosition | null, chapterCount: number | null): string {
  return position ? describeProgress(positionProgress(position), chapterCount) : 'no check-in yet';
}

const rect = (x: number, y: number, width: number, height: number, style: Partial<Omit<RectPrimitive, 'kind' | 'x' | 'y' | 'width' | 'height'>>): RectPrimitive => ({
  kind: 'rect',
  x,
  y,
  width,
  height,
  radius: 0,
  fill: null,
  stroke: null,
  lineWidth: 1,
  dash: null,
  ...style,
});

function text(x: number, y: number, content: string, size: number, style: { weight?: TextWeight; color?: string; align?: TextAlign; maxWidth: number }): TextPrimitive {
  const weight = style.weight ?? 'normal';
  return {
    kind: 'text',
    x,
    y,
    text: fitText(content, style.maxWidth, size, weight, estimateTextWidth),
    size,
    weight,
    color: style.color ?? pictureColours.text,
    align: style.align ?? 'left',
    maxWidth: style.maxWidth,
  };
}

const line = (points: [number, number][], color: string, width: number): LinePrimitive => ({ kind: 'line', points, color, width });

/** A week state's mark, a square of `size` with its top left at (x, y): a tick, a pause sign, a cross, a dashed box or a dot. */
function stateMark(state: WeekState, x: number, y: number, size: number, cell?: RectPrimitive['cell']): Primitive[] {
  const at = (fx: number, fy: number): [number, number] => [x + fx * size, y + fy * size];
  const stroke = Math.max(1.5, size / 9);
  switch (state) {
    case 'checked-in':
      return [
        { ...rect(x, y, size, size, { radius: 3, fill: pictureColours.checkedIn }), ...(cell && { cell }) },
        line([at(0.24, 0.52), at(0.43, 0.71), at(0.77, 0.31)], '#ffffff', stroke + 0.5),
      ];
    case 'break':
      return [
        { ...rect(x, y, size, size, { radius: 3, fill: pictureColours.onBreak }), ...(cell && { cell }) },
        rect(x + 0.3 * size, y + 0.26 * size, 0.14 * size, 0.48 * size, { fill: pictureColours.breakMark, radius: 1 }),
        rect(x + 0.56 * size, y + 0.26 * size, 0.14 * size, 0.48 * size, { fill: pictureColours.breakMark, radius: 1 }),
      ];
    case 'missed':
      return [
        { ...rect(x + 0.75, y + 0.75, size - 1.5, size - 1.5, { radius: 3, fill: pictureColours.missedFill, stroke: pictureColours.missed, lineWidth: 1.5 }), ...(cell && { cell }) },
        line([at(0.3, 0.3), at(0.7, 0.7)], pictureColours.missed, stroke),
        line([at(0.7, 0.3), at(0.3, 0.7)], pictureColours.missed, stroke),
      ];
    case 'pending':
      return [{ ...rect(x + 0.75, y + 0.75, size - 1.5, size - 1.5, { radius: 3, stroke: pictureColours.pending, lineWidth: 1.5, dash: [3, 2] }), ...(cell && { cell }) }];
    case 'not-member': {
      const dot = Math.max(4, size * 0.26);
      return [{ ...rect(x + (size - dot) / 2, y + (size - dot) / 2, dot, dot, { radius: dot / 2, fill: pictureColours.notMember }), ...(cell && { cell }) }];
    }
  }
}

/** The plan's mark on a bar: a dark upright line where the plan stands (reading past it is ahead, short of it behind). */
function planMark(x: number, middle: number): LinePrimitive {
  return line([[x, middle - barHeight / 2 - 3], [x, middle + barHeight / 2 + 3]], pictureColours.planMark, 2);
}

/** The key of the marks, on one line: mark, label, mark, label…, and the plan's mark when there is a plan. */
function legend(x: number, y: number, maxX: number, withPlan: boolean): Primitive[] {
  const primitives: Primitive[] = [];
  const size = 14;
  let left = x;
  const item = (label: string, mark: (at: number) => Primitive[]): boolean => {
    const labelWidth = estimateTextWidth(label, 12, 'normal');
    if (left + size + 6 + labelWidth > maxX) return false;
    primitives.push(...mark(left), text(left + size + 6, y, label, 12, { color: pictureColours.muted, maxWidth: labelWidth + 4 }));
    left += size + 6 + labelWidth + 16;
    return true;
  };
  for (const state of weekStateOrder) if (!item(stateLabels[state], (at) => stateMark(state, at, y - size / 2, size))) break;
  if (withPlan) item('due by the plan', (at) => [planMark(at + size / 2, y)]);
  return primitives;
}

/** Month names over the first column and where a month begins (when `monthY` is given); the day each week starts on. */
function weekHeader(weeks: readonly PictureWeek[], cellsX: number, monthY: number | null, dayY: number): Primitive[] {
  const primitives: Primitive[] = [];
  weeks.forEach((week, index) => {
    const centre = cellsX + index * cellPitch + cellPitch / 2;
    const current = index === weeks.length - 1;
    if (monthY !== null && (index === 0 || weeks[index - 1]!.start.month !== week.start.month)) {
      primitives.push(text(cellsX + index * cellPitch + (cellPitch - cellSize) / 2, monthY, monthNames[week.start.month - 1]!, 11, { color: pictureColours.muted, maxWidth: 40 }));
    }
    primitives.push(text(centre, dayY, String(week.start.day), 11, { color: current ? pictureColours.text : pictureColours.muted, weight: current ? 'bold' : 'normal', align: 'center', maxWidth: cellPitch }));
  });
  return primitives;
}

/** The column headings' line: "Member", the weeks' days, "Position in the book". */
function columnHeadings(weeks: readonly PictureWeek[], columns: Columns, monthY: number | null, dayY: number): Primitive[] {
  return [
    text(columns.nameX, dayY, 'Member', 11, { color: pictureColours.muted, maxWidth: nameWidth }),
    ...weekHeader(weeks, columns.cellsX, monthY, dayY),
    text(columns.barX, dayY, 'Position in the book', 11, { color: pictureColours.muted, maxWidth: barWidth + 10 + positionWidth }),
  ];
}

function memberRow(member: PictureMember, index: number, y: number, weekCount: number, columns: Columns, chapterCount: number | null, plan: PicturePlan | null): Primitive[] {
  const middle = y + rowHeight / 2;
  const primitives: Primitive[] = [text(columns.nameX, middle, memberNameText(member.name), nameSize, { maxWidth: nameWidth })];
  // Aligned from the end: the newest week is always the last column.
  const offset = member.weeks.length - weekCount;
  for (let week = 0; week < weekCount; week++) {
    const state = member.weeks[offset + week] ?? 'not-member';
    const x = columns.cellsX + week * cellPitch + (cellPitch - cellSize) / 2;
    primitives.push(...stateMark(state, x, y + (rowHeight - cellSize) / 2, cellSize, { member: index, week, state }));
  }
  // No check-in: no bar at all, only the words; a position without a total: an empty, dashed bar.
  if (member.position) primitives.push(positionBar(member.position, chapterCount, columns.barX, middle - barHeight / 2));
  if (member.position && plan) primitives.push(planMark(columns.barX + barWidth * Math.min(1, Math.max(0, plan.dueFraction)), middle));
  const behind = member.planStanding?.kind === 'behind';
  const colour = behind ? pictureColours.missed : member.position ? pictureColours.text : pictureColours.muted;
  primitives.push(text(columns.positionX, middle, positionText(member.position, chapterCount), 12, { color: colour, maxWidth: positionWidth }));
  return primitives;
}

function positionBar(position: PicturePosition, chapterCount: number | null, x: number, y: number): BarPrimitive {
  const fraction = progressFraction(positionProgress(position), chapterCount);
  return {
    kind: 'bar',
    x,
    y,
    width: barWidth,
    height: barHeight,
    fraction,
    fill: fraction === 1 ? pictureColours.barDone : pictureColours.barFill,
    track: fraction === null ? pictureColours.barUnknown : pictureColours.barTrack,
  };
}

interface Columns {
  nameX: number;
  cellsX: number;
  barX: number;
  positionX: number;
}

/** Header lines, from the top: name, book, what the picture shows, the legend, then the month and day rows. */
const headerY = { title: 32, book: 57, about: 78, legend: 104, month: 134, day: 150, rows: 162 } as const;
/** In a long picture the days are repeated before every this many members, so a column can be told far from the top. */
export const membersPerHeading = 25;

/** The row slot of a member: one slot more for each repeated heading above it. */
const slotOf = (index: number): number => index + Math.floor(index / membersPerHeading);
const slotTop = (slot: number): number => headerY.rows + slot * rowHeight;

/** The layout of the picture: its size and what to draw, back to front. */
export function layoutProgressPicture(input: ProgressPictureInput): ProgressPicture {
  const weeks = input.weeks.slice(-maxPictureWeeks);
  const shown = input.members.slice(0, input.members.length > maxPictureRows ? maxPictureRows - 1 : maxPictureRows);
  const hidden = input.members.length - shown.length;
  const columns: Columns = { nameX: pad, cellsX: pad + nameWidth + 12, barX: 0, positionX: 0 };
  columns.barX = columns.cellsX + weeks.length * cellPitch + 18;
  columns.positionX = columns.barX + barWidth + 10;
  const width = columns.positionX + positionWidth + pad;
  // After the members: a slot for "… and N more" or "No members yet", when there is one.
  const lastSlot = shown.length === 0 ? 0 : slotOf(shown.length - 1) + 1;
  const slots = lastSlot + (hidden > 0 || shown.length === 0 ? 1 : 0);
  const height = slotTop(slots) + pad;
  const inner = width - 2 * pad;

  const primitives: Primitive[] = [rect(0.5, 0.5, width - 1, height - 1, { radius: 12, fill: pictureColours.card, stroke: pictureColours.cardBorder, lineWidth: 1 })];
  for (let index = 1; index < shown.length; index += 2) primitives.push(rect(pad / 2, slotTop(slotOf(index)), width - pad, rowHeight, { radius: 4, fill: pictureColours.zebra }));
  if (weeks.length > 0) {
    const x = columns.cellsX + (weeks.length - 1) * cellPitch;
    primitives.push(rect(x, headerY.day - 10, cellPitch, slotTop(slots) - headerY.day + 10 + 4, { radius: 5, fill: pictureColours.thisWeek }));
  }

  const chapters = input.chapterCount ? ` · ${input.chapterCount} chapters` : '';
  const first = weeks[0];
  const span = first ? `, the ${weeks.length} week${weeks.length === 1 ? '' : 's'} since ${shortDate(first.start)}` : '';
  const memberCount = `${input.members.length} member${input.members.length === 1 ? '' : 's'}`;
  primitives.push(
    text(pad, headerY.title, singleLineText(input.groupName), 20, { weight: 'bold', maxWidth: inner }),
    text(pad, headerY.book, `${singleLineText(input.bookTitle)}${chapters}`, 14, { maxWidth: inner }),
    text(pad, headerY.about, `${memberCount} · weekly check-ins${span}${input.plan ? ` · plan ${singleLineText(input.plan.label)}` : ''}`, 12, { color: pictureColours.muted, maxWidth: inner }),
    ...legend(pad, headerY.legend, width - pad, Boolean(input.plan)),
    ...columnHeadings(weeks, columns, headerY.month, headerY.day),
  );

  shown.forEach((member, index) => {
    if (index > 0 && index % membersPerHeading === 0) primitives.push(...columnHeadings(weeks, columns, null, slotTop(slotOf(index) - 1) + rowHeight / 2 + 2));
    primitives.push(...memberRow(member, index, slotTop(slotOf(index)), weeks.length, columns, input.chapterCount, input.plan ?? null));
  });
  const lastRowMiddle = slotTop(lastSlot) + rowHeight / 2;
  if (hidden > 0) primitives.push(text(columns.nameX, lastRowMiddle, `… and ${hidden} more member${hidden === 1 ? '' : 's'}`, nameSize, { color: pictureColours.muted, maxWidth: inner }));
  if (shown.length === 0) primitives.push(text(columns.nameX, lastRowMiddle, 'No members yet.', nameSize, { color: pictureColours.muted, maxWidth: inner }));
  return { width, height, primitives };
}

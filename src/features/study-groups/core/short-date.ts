import type { LocalDate } from '../../../core/weekly-rule.js';

/** Dates as the picture, the plan and their words show them: "6 Oct". English, as every reply is. */

export const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "6 Oct". */
export function shortDate(date: LocalDate): string {
  return `${date.day} ${monthNames[date.month - 1]}`;
}

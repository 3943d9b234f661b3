import type { Book } from '../../catalog/core/schema.js';

export interface SpotlightPost {
  book: Book;
  weekKey: string;
  /** The question that opens the week's discussion. */
  prompt: string;
  /** The opt-in role to ping, or null to ping nobody. */
  roleId: string | null;
}

const promptForms = [
  (takeaway: string) => `The book argues: “${takeaway}” Where have you seen this in your own code?`,
  (takeaway: string) => `One idea to test this week: “${takeaway}” Do you agree, and what would you change in a project you know?`,
  (takeaway: string) => `Discussion: “${takeaway}” Share an example (or a counter-example) from your work.`,
] as const;

function weekNumber(weekKey: string): number {
  return Number(/W(\d+)$/.exec(weekKey)?.[1] ?? 0);
}

/** A discussion question built from one of the book's takeaways, changing with the week. */
export function discussionPrompt(book: Book, weekKey: string): string {
  const week = weekNumber(weekKey);
  const takeaway = book.takeaways[week % book.takeaways.length]!;
  return promptForms[week % promptForms.length]!(takeaway);
}

export function composeSpotlightPost(book: Book, weekKey: string, roleId: string | null): SpotlightPost {
  return { book, weekKey, prompt: discussionPrompt(book, weekKey), roleId };
}

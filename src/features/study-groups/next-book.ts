import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { progressFraction } from './core/progress.js';
import { memberStates } from './member-state.js';
import type { StudyGroup, StudyGroupRepository } from './repository.js';

/**
 * A group's next book, chosen by a poll (issue 19): begun at once if the poll said so, else when every active
 * member has finished the current one (their latest check-in in it reaches its end). Beginning a book starts
 * progress afresh (check-ins before it are history) and records the old one as read.
 */

/** Books the group has not read (nor is reading, nor has chosen next), the canon's most recommended first. */
export function unreadBooks(catalog: Catalog, repository: StudyGroupRepository, group: StudyGroup): Book[] {
  const read = new Set([group.bookId, ...(group.nextBookId ? [group.nextBookId] : []), ...repository.readBooks(group.groupId)]);
  return catalog.books
    .filter((book) => !read.has(book.id))
    .sort((a, b) => b.recommendedBy.length - a.recommendedBy.length || a.title.localeCompare(b.title, 'en'));
}

/** True when every member not inactive has checked in the end of the current book (and there is at least one). */
export function everyoneFinished(repository: StudyGroupRepository, group: StudyGroup, book: Book | undefined, timeZone: string, nowMs: number): boolean {
  const chapterCount = book?.contents?.chapters?.length ?? null;
  const active = memberStates(repository, group, timeZone, nowMs).filter((member) => !member.inactive);
  return active.length > 0 && active.every((member) => member.latest !== null && (progressFraction(member.latest.progress, chapterCount) ?? 0) >= 1);
}

/** Begins the book now: it becomes the current one (the old one counts as read). */
export function beginBook(repository: StudyGroupRepository, group: StudyGroup, bookId: string, nowMs: number): void {
  repository.update(group.groupId, { book: { id: bookId, sinceMs: nowMs } });
}

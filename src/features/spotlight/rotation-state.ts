import type { Catalog } from '../catalog/core/catalog.js';
import type { Book } from '../catalog/core/schema.js';
import { spotlightPostReply } from './presenters/post.js';
import type { Reply } from '../../platform/discord/reply.js';
import { composeSpotlightPost } from './core/compose-post.js';
import { nextSpotlightBook, rotationSeed, upcomingBooks, type RotationInput, type RotationPick } from './core/rotation.js';
import type { Store } from '../../platform/store/store.js';

/** The spotlight's rotation as stored for a server. */
export function rotationInput(store: Store, catalog: Catalog, guildId: string): RotationInput {
  return {
    bookIds: catalog.books.map((book) => book.id),
    seed: rotationSeed(guildId),
    history: store.spotlight.history(guildId),
    queue: store.spotlight.queue(guildId).map((entry) => entry.bookId),
  };
}

export function nextPick(store: Store, catalog: Catalog, guildId: string): RotationPick | null {
  return nextSpotlightBook(rotationInput(store, catalog, guildId));
}

export function nextPicks(store: Store, catalog: Catalog, guildId: string, count: number): RotationPick[] {
  return upcomingBooks(rotationInput(store, catalog, guildId), count);
}

export const bookCommandName = 'book';

/** The message exactly as it is posted for this book and week. */
export function spotlightMessage(store: Store, catalog: Catalog, guildId: string, book: Book, weekKey: string): Reply {
  const roleId = store.spotlight.settings(guildId)?.roleId ?? null;
  return spotlightPostReply(catalog, composeSpotlightPost(book, weekKey, roleId), bookCommandName);
}

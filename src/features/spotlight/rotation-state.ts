import type { Catalog } from '../catalog/core/catalog.js';
import { nextSpotlightBook, rotationSeed, upcomingBooks, type RotationInput, type RotationPick } from './core/rotation.js';
import type { SpotlightRepository } from './repository.js';

/** The spotlight's rotation as stored for a server. */
export function rotationInput(repository: SpotlightRepository, catalog: Catalog, guildId: string): RotationInput {
  return {
    bookIds: catalog.books.map((book) => book.id),
    seed: rotationSeed(guildId),
    history: repository.history(guildId),
    queue: repository.queue(guildId).map((entry) => entry.bookId),
  };
}

export function nextPick(repository: SpotlightRepository, catalog: Catalog, guildId: string): RotationPick | null {
  return nextSpotlightBook(rotationInput(repository, catalog, guildId));
}

export function nextPicks(repository: SpotlightRepository, catalog: Catalog, guildId: string, count: number): RotationPick[] {
  return upcomingBooks(rotationInput(repository, catalog, guildId), count);
}

import type { Book } from '../catalog/core/schema.js';
import { planWeeks, type ReadingPlan } from './core/reading-plan.js';
import type { StudyGroup, StudyGroupRepository } from './repository.js';

/** A group's plan worked out for its current book (by its sourced chapters, else by percent); null without a plan. */
export function readingPlanOf(repository: StudyGroupRepository, group: StudyGroup, book: Book | undefined): ReadingPlan | null {
  const spec = repository.plan(group.groupId);
  return spec ? planWeeks(spec, book?.contents?.chapters?.length ?? null) : null;
}

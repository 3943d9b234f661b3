/**
 * The ids a server's rows take in the database they move to. An id (a study group's, a poll's, a check-in's, a
 * schedule's) keeps its number when the target has no row with it, so links already posted (a reminder's
 * "Check in" button) stay right; a taken one gets a fresh number above every id of both sides.
 */
export function planIds(moved: readonly number[], takenInTarget: ReadonlySet<number>, maxInTarget: number): Map<number, number> {
  const plan = new Map<number, number>();
  let next = Math.max(maxInTarget, ...moved, 0) + 1;
  for (const id of [...moved].sort((a, b) => a - b)) plan.set(id, takenInTarget.has(id) ? next++ : id);
  return plan;
}

/** The ids that change number: old → new. */
export function changedIds(plan: ReadonlyMap<number, number>): [number, number][] {
  return [...plan].filter(([from, to]) => from !== to);
}

import { spotlightTables } from './features/spotlight/schema.js';
import { bookPollsTable } from './features/book-polls/schema.js';
import { studyEventTable, studyGroupMovedIdsTable, studyGroupTables, studyMemberNameColumn, studyNextBookColumns, studyPlanTable } from './features/study-groups/schema.js';
import { deliveryMessagesColumn, guildsTable, jobKindsInCode, schedulerLeaseTable, schedulingTables, timedTasksTable } from './platform/store/schema.js';
import type { Migrations } from './platform/store/migrate.js';

/**
 * The one ordered list of schema steps (like commands/index.ts and src/jobs.ts): step N brings a database
 * to PRAGMA user_version N. Append only; each feature writes its own tables' SQL.
 */
export const migrations: Migrations = [
  // 1
  guildsTable,
  // 2: the scheduler, the spotlight, and the scheduler lease
  `${schedulingTables}\n\n   ${spotlightTables}\n\n   ${schedulerLeaseTable}`,
  // 3
  jobKindsInCode,
  // 4: study groups
  studyGroupTables,
  // 5: a delivery keeps the messages of its first attempt
  deliveryMessagesColumn,
  // 6: study group members' names, for the progress picture
  studyMemberNameColumn,
  // 7: study groups' reading plans
  studyPlanTable,
  // 8: study groups' weekly events
  studyEventTable,
  // 9: one-off tasks due at an instant (poll results, moving events after a DST change)
  timedTasksTable,
  // 10: polls for the next book, and a study group's next book
  `${studyNextBookColumns}\n\n   ${bookPollsTable}`,
  // 11: study groups' ids from another machine (npm run move-servers)
  studyGroupMovedIdsTable,
];

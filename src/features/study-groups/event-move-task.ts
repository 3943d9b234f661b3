import type { TimedTask } from '../../platform/scheduling/timed-task.js';
import { studyEventMoveKind, type StudyEventService } from './event-service.js';

/**
 * After each change of a group's UTC offset (DST), moves its weekly event back to the group's local time, then
 * waits for the next change. Moving twice is harmless: the second move sends the same times.
 */
export function createStudyEventMoveTask(studyEvents: () => StudyEventService): TimedTask {
  return {
    kind: studyEventMoveKind,
    run: (task) => studyEvents().keepLocalTime(task.guildId, Number(task.subjectId)),
    // The event keeps its last times; /study edit, or the zone's next change, moves it again.
    giveUp: (task) => studyEvents().waitForNextChange(task.guildId, Number(task.subjectId)),
  };
}

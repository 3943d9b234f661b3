import { localWeekKey, previousDueInstant } from '../../core/weekly-rule.js';
import type { Catalog } from '../catalog/core/catalog.js';
import { toMessageBody } from '../../platform/discord/reply.js';
import type { CatchUpPolicy, ScheduledJob } from '../../platform/scheduling/job.js';
import type { DeliveryRecord } from '../../platform/store/delivery-repository.js';
import type { ScheduleRecord } from '../../platform/store/schedule-repository.js';
import type { Store } from '../../platform/store/store.js';
import { planLineFor } from './core/plan-text.js';
import { describeProgress } from './core/progress.js';
import { composeReminder, type ReminderCheckin } from './core/reminder.js';
import { memberStates } from './member-state.js';
import { chapterTitlesOf } from './presenters/chapters.js';
import { sessionLine } from './presenters/event.js';
import { reminderReply } from './presenters/reminder.js';
import { createStudyEventRepository } from './event-repository.js';
import { readingPlanOf } from './reading-plan-of.js';
import { createStudyGroupRepository } from './repository.js';

export const studyReminderKind = 'study-reminder';

/** Like the spotlight: a reminder up to 12 hours late is still useful; an older one is recorded as missed. */
export const studyReminderCatchUp: CatchUpPolicy = { lateWindowMs: 12 * 60 * 60 * 1000 };

/**
 * The weekly reminder of each study group: last week's check-ins, then a nudge that pings only members who
 * have not checked in since the previous reminder, are opted in, active and not on a break. It is composed
 * once, from the members and check-ins as of its due time; the runner keeps the messages for retries and resumes.
 */
export function createStudyReminderJob({ catalog, store }: { catalog: Catalog; store: Store }): ScheduledJob {
  const repository = createStudyGroupRepository(store.database);
  const events = createStudyEventRepository(store.database);
  return {
    kind: studyReminderKind,
    catchUp: studyReminderCatchUp,
    choosePayload: () => null,
    compose(schedule, delivery) {
      const group = repository.find(schedule.guildId, Number(schedule.subjectId));
      if (!group || group.archivedAtMs !== null) return { kind: 'fail', reason: 'the study group was archived or deleted' };
      const dueMs = delivery.dueMs;
      // Members as of the due time: one who joined since (a late post after downtime) is not in this week's reminder.
      const members = memberStates(repository, group, schedule.rule.timeZone, dueMs).filter((member) => member.joinedAtMs <= dueMs);
      if (members.length === 0) return { kind: 'skip', reason: 'the group has no members' };
      const recent = new Map<string, ReminderCheckin>();
      for (const checkin of repository.checkinsSince(group.groupId, previousReminderMs(store, schedule, delivery))) {
        if (checkin.atMs >= dueMs) continue;
        recent.set(checkin.userId, { userId: checkin.userId, progressText: describeProgress(checkin.progress), note: checkin.note });
      }
      const notifyOff = repository.notifyOff(group.guildId);
      const nudge = members.filter((member) => !recent.has(member.userId) && !member.onBreak && !member.inactive && !notifyOff.has(member.userId)).map((member) => member.userId);
      const book = catalog.bookById(group.bookId);
      const plan = readingPlanOf(repository, group, book);
      const messages = composeReminder({
        groupName: group.name,
        bookTitle: book?.title ?? group.bookId,
        planLine: plan && planLineFor(plan, localWeekKey(dueMs, schedule.rule.timeZone), chapterTitlesOf(book)),
        sessionLine: sessionLine(group.guildId, events.find(group.groupId) ?? null),
        checkins: members.map((member) => recent.get(member.userId)).filter((checkin) => checkin !== undefined),
        nudge,
        inactive: members.filter((member) => member.inactive && !recent.has(member.userId)).length,
        onBreak: members.filter((member) => member.onBreak && !recent.has(member.userId)).length,
      });
      return { kind: 'send', messages: messages.map((message) => toMessageBody(reminderReply(group.groupId, message))) };
    },
    recordSent: () => undefined,
  };
}

/**
 * Where "since the previous reminder" starts: the due time of the last reminder posted for the group, where that
 * reminder's own list ended (so each check-in is shown once, also after the day or time was edited); but at most
 * one occurrence of the current rule back (a first reminder, a week missed during downtime). The occurrence is
 * the schedule's own, not "a local week earlier", which is off by up to an hour around a DST change.
 */
function previousReminderMs(store: Store, schedule: ScheduleRecord, delivery: DeliveryRecord): number {
  const lastPosted = store.deliveries.lastPostedBefore(delivery, delivery.dueMs);
  const previousOccurrence = previousDueInstant(schedule.rule, delivery.dueMs);
  return lastPosted ? Math.max(lastPosted.dueMs, previousOccurrence) : previousOccurrence;
}

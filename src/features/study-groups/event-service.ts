import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Clock } from '../../platform/clock.js';
import { DiscordErrorCode, discordErrorCode } from '../../platform/discord/api-errors.js';
import type { NamedPermission } from '../../platform/discord/channel-permissions.js';
import type { DiscordAccess } from '../../platform/discord/discord-access.js';
import type { ScheduledEvents } from '../../platform/discord/scheduled-events.js';
import { UserError } from '../../platform/discord/user-error.js';
import type { Logger } from '../../platform/logger.js';
import type { TimedTaskOutcome } from '../../platform/scheduling/timed-task.js';
import type { TimedTaskRepository } from '../../platform/store/timed-task-repository.js';
import { nextOffsetChange } from '../../core/offset-changes.js';
import { durationLimits, sessionEventBody, sessionName, type SessionPlace } from './core/session-event.js';
import type { StudyEvent, StudyEventRepository } from './event-repository.js';
import { groupChoiceValue, type Actor, type GroupView, type StudyGroupService } from './service.js';

/**
 * A study group's weekly session as a Discord scheduled event (issue 19): created on request by the owner (or
 * Manage Server), kept in step when the group's name or time changes, canceled when the group is archived. One
 * deleted in Discord is noticed and shown as deleted; only another `/study event` makes a new one.
 *
 * Discord's weekly recurrence has no time zone (see session-event.ts), so after each change of the group's UTC
 * offset (DST) a timed task on the shared scheduler moves the event back to the group's local time.
 */

/** The timed task that moves a group's event after its zone's offset changes; its subject is the group id. */
export const studyEventMoveKind = 'study-event-move';

export interface EventRequest {
  channelId: string | null;
  location: string | null;
  durationMinutes: number | null;
}

export interface StudyEventService {
  create(guildId: string, actor: Actor, groupRef: string, request: EventRequest): Promise<GroupView & { event: StudyEvent }>;
  /** The group's event as last known, without asking Discord (page turns, the reminder). */
  stored(groupId: number): StudyEvent | null;
  /** The group's event, after asking Discord whether it still exists (one deleted there is marked so). */
  current(view: GroupView): Promise<StudyEvent | null>;
  /** After the group's name, day, time or zone changed: the event follows. What happened, in words, or null. */
  follow(view: GroupView): Promise<string | null>;
  /** After the group was archived: its event is canceled. */
  cancel(view: GroupView): Promise<string | null>;
  /** The timed task's run: the zone's offset changed, so the event goes back to the group's local time. */
  keepLocalTime(guildId: string, groupId: number): Promise<TimedTaskOutcome>;
  /** The move failed for good this time (the bot lost Create Events?): wait for the zone's next change. */
  waitForNextChange(guildId: string, groupId: number): void;
}

export interface StudyEventServiceDependencies {
  studyGroups: StudyGroupService;
  repository: StudyEventRepository;
  events: ScheduledEvents;
  discord: DiscordAccess;
  clock: Clock;
  log: Logger;
  timedTasks: TimedTaskRepository;
}

const createEvents: NamedPermission = [PermissionFlagsBits.CreateEvents, 'Create Events'];
const channelNeeds: Record<'voice' | 'stage', readonly NamedPermission[]> = {
  voice: [[PermissionFlagsBits.ViewChannel, 'View Channel'], [PermissionFlagsBits.Connect, 'Connect']],
  stage: [[PermissionFlagsBits.ManageChannels, 'Manage Channels'], [PermissionFlagsBits.MuteMembers, 'Mute Members'], [PermissionFlagsBits.MoveMembers, 'Move Members']],
};

export function createStudyEventService({ studyGroups, repository, events, discord, clock, log, timedTasks }: StudyEventServiceDependencies): StudyEventService {
  /** The move is due at the group's zone's next offset change; a zone without one (UTC, Asia/Kolkata) needs none. */
  function scheduleMove(view: GroupView): void {
    const key = { kind: studyEventMoveKind, subjectId: String(view.group.groupId) };
    const changeMs = nextOffsetChange(view.schedule.rule.timeZone, clock.now());
    if (changeMs === null) timedTasks.remove(key);
    else timedTasks.schedule(view.group.guildId, key, changeMs, clock.now());
  }

  function placeOf(guildId: string, request: EventRequest): SessionPlace {
    if (request.channelId && request.location) throw new UserError('Give either a voice `channel:` or a `location:`, not both.');
    if (request.location) {
      const location = request.location.trim();
      if (location.length === 0 || location.length > 100) throw new UserError('A `location:` has 1 to 100 characters.');
      return { kind: 'external', location };
    }
    if (!request.channelId) throw new UserError('Say where the session is: a voice or stage `channel:`, or a `location:` (an address or a link).');
    const type = discord.channelType(guildId, request.channelId);
    if (type === ChannelType.GuildVoice) return { kind: 'voice', channelId: request.channelId };
    if (type === ChannelType.GuildStageVoice) return { kind: 'stage', channelId: request.channelId };
    throw new UserError(`<#${request.channelId}> is not a voice or stage channel: pick one, or give a \`location:\`.`);
  }

  /** The permissions Discord asks for, checked first so the owner learns what to grant (as the spotlight does for posting). */
  function assertCanSchedule(guildId: string, place: SessionPlace): void {
    const guildPermissions = discord.botPermissionsInGuild(guildId) ?? 0n;
    const missing = (guildPermissions & createEvents[0]) === 0n ? [createEvents[1]] : [];
    if (place.kind !== 'external') {
      const inChannel = discord.botPermissionsIn(guildId, place.channelId) ?? 0n;
      missing.push(...channelNeeds[place.kind].filter(([bit]) => (inChannel & bit) === 0n).map(([, name]) => name));
    }
    if (missing.length > 0) {
      const where = place.kind === 'external' ? 'in this server' : `for <#${place.channelId}>`;
      throw new UserError(`I can't schedule the session: I'm missing **${missing.join('**, **')}** ${where}. Give me ${missing.length === 1 ? 'it' : 'them'} in Server Settings → Roles (or the channel's settings) and try again.`);
    }
  }

  const bodyFor = (view: GroupView, place: SessionPlace, durationMinutes: number) =>
    sessionEventBody({ groupName: view.group.name, bookTitle: view.book?.title ?? view.group.bookId, rule: view.schedule.rule, nowMs: clock.now(), place, durationMinutes });

  /** Sends the event's name, description and next start as the group now has them; a deleted one is marked so. */
  async function moveToLocalTime(view: GroupView, event: StudyEvent): Promise<'edited' | 'gone'> {
    const { name, description, scheduled_start_time, scheduled_end_time, recurrence_rule } = bodyFor(view, event.place, event.durationMinutes);
    const outcome = await events.edit(view.group.guildId, event.eventId, { name, description, scheduled_start_time, scheduled_end_time, recurrence_rule });
    if (outcome === 'gone') repository.setState(view.group.groupId, 'deleted');
    return outcome;
  }

  return {
    async create(guildId, actor, groupRef, request) {
      const view = studyGroups.ownedGroup(guildId, actor, groupRef, 'schedule events for');
      const durationMinutes = request.durationMinutes ?? durationLimits.defaultMinutes;
      if (durationMinutes < durationLimits.fewestMinutes || durationMinutes > durationLimits.mostMinutes) {
        throw new UserError(`A session lasts ${durationLimits.fewestMinutes} minutes to ${durationLimits.mostMinutes / 60} hours.`);
      }
      const place = placeOf(guildId, request);
      assertCanSchedule(guildId, place);
      const existing = repository.find(view.group.groupId);
      if (existing?.state === 'live' && (await events.status(guildId, existing.eventId)) === 'scheduled') {
        throw new UserError(`**${sessionName(view.group.name)}** is already scheduled. Its time follows the group's (\`/study edit\`); archive the group to cancel it.`);
      }
      let created: { id: string };
      try {
        created = await events.create(guildId, bodyFor(view, place, durationMinutes));
      } catch (error) {
        if (discordErrorCode(error) === DiscordErrorCode.TooManyScheduledEvents) {
          throw new UserError('This server already has 100 upcoming events, the most Discord allows. Cancel or finish one, then try again.');
        }
        throw error;
      }
      const event: StudyEvent = { groupId: view.group.groupId, eventId: created.id, place, durationMinutes, state: 'live', createdBy: actor.userId, createdAtMs: clock.now() };
      repository.save(event);
      scheduleMove(view);
      return { ...view, event };
    },

    stored: (groupId) => repository.find(groupId) ?? null,

    async current(view) {
      const event = repository.find(view.group.groupId);
      if (!event || event.state !== 'live') return event ?? null;
      try {
        const status = await events.status(view.group.guildId, event.eventId);
        if (status === 'scheduled') return event;
        repository.setState(view.group.groupId, status === 'gone' ? 'deleted' : 'canceled');
        return { ...event, state: status === 'gone' ? 'deleted' : 'canceled' };
      } catch (error) {
        // Discord unreachable: show what is stored rather than fail the board.
        log.warn({ err: error, groupId: view.group.groupId }, 'could not check the study event');
        return event;
      }
    },

    async follow(view) {
      const event = repository.find(view.group.groupId);
      if (!event || event.state !== 'live') return null;
      // The zone may have changed: the next DST move is due at its next change, even if this edit fails.
      scheduleMove(view);
      try {
        if ((await moveToLocalTime(view, event)) === 'gone') return 'Its weekly event was deleted in Discord, so it was not changed; `/study event` makes a new one.';
        return 'Its weekly event moved with it.';
      } catch (error) {
        log.warn({ err: error, groupId: view.group.groupId }, 'could not move the study event');
        return "I couldn't update its weekly event in Discord; run `/study event` again once I can (check my Create Events permission).";
      }
    },

    async cancel(view) {
      const event = repository.find(view.group.groupId);
      if (!event || event.state !== 'live') return null;
      timedTasks.remove({ kind: studyEventMoveKind, subjectId: String(view.group.groupId) });
      try {
        await events.edit(view.group.guildId, event.eventId, { status: 4 });
        repository.setState(view.group.groupId, 'canceled');
        return 'Its weekly event is canceled.';
      } catch (error) {
        log.warn({ err: error, groupId: view.group.groupId }, 'could not cancel the study event');
        return "I couldn't cancel its weekly event in Discord; delete it there by hand.";
      }
    },

    waitForNextChange(guildId, groupId) {
      try {
        scheduleMove(studyGroups.groupView(guildId, groupChoiceValue(groupId)));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
      }
    },

    async keepLocalTime(guildId, groupId) {
      const event = repository.find(groupId);
      if (!event || event.state !== 'live') return { kind: 'done', detail: 'the group has no live event' };
      let view: GroupView;
      try {
        view = studyGroups.groupView(guildId, groupChoiceValue(groupId));
      } catch (error) {
        if (error instanceof UserError) return { kind: 'done', detail: 'the group is archived or gone' };
        throw error;
      }
      if ((await moveToLocalTime(view, event)) === 'gone') return { kind: 'done', detail: 'the event was deleted in Discord' };
      const nextChangeMs = nextOffsetChange(view.schedule.rule.timeZone, clock.now());
      return nextChangeMs === null
        ? { kind: 'done', detail: 'moved; the zone has no further offset change' }
        : { kind: 'again', atMs: nextChangeMs, detail: 'moved back to the group’s local time' };
    },
  };
}

import { escapeUserText } from '../../../core/user-text.js';
import { privateCard, textDisplay } from '../../../platform/discord/layout.js';
import { dateWithRelative } from '../../../platform/discord/markup.js';
import type { Reply } from '../../../platform/discord/reply.js';
import { scheduledEventUrl } from '../../../platform/discord/scheduled-events.js';
import { describeRule } from '../../../core/weekly-rule.js';
import type { StudyEvent } from '../event-repository.js';
import type { GroupView } from '../service.js';

/** Where the session is: "in <#voice>", "at City library". */
function placeText(event: StudyEvent): string {
  return event.place.kind === 'external' ? `at ${escapeUserText(event.place.location, 100)}` : `in <#${event.place.channelId}>`;
}

/** The board's and the reminder's line about the session: a link, or that it was deleted in Discord. */
export function sessionLine(guildId: string, event: StudyEvent | null): string | null {
  if (!event || event.state === 'canceled') return null;
  if (event.state === 'deleted') return '**Session:** the weekly event was deleted in Discord; `/study event` makes a new one.';
  return `**Session:** [weekly event](${scheduledEventUrl(guildId, event.eventId)}) ${placeText(event)}`;
}

/** After `/study event`: the event, where, when, and that it follows the group. */
export function eventCreatedReply(view: GroupView & { event: StudyEvent }): Reply {
  const { group, schedule, event } = view;
  const url = scheduledEventUrl(group.guildId, event.eventId);
  return privateCard([
    textDisplay(`### 📅 Weekly session scheduled\n**${escapeUserText(group.name, 50)}** meets ${placeText(event)}, ${describeRule(schedule.rule)}, for ${event.durationMinutes} minutes.`),
    textDisplay(`**First session:** ${dateWithRelative(schedule.nextDueMs)}\n**Event:** ${url}`),
    textDisplay('-# Members can mark themselves interested in Discord. The event follows the group when its name, day, time or zone changes (`/study edit`), and is canceled when the group is archived.'),
  ]);
}

/** A reply with a line added at its end (in its container for a layout): what became of the group's event. */
export function withNote(reply: Reply, note: string | null): Reply {
  if (!note) return reply;
  if (reply.layout) {
    const [first, ...rest] = reply.layout;
    if (first && 'components' in first && first.type === 17) return { ...reply, layout: [{ ...first, components: [...first.components, textDisplay(`-# ${note}`)] }, ...rest] };
    return { ...reply, layout: [...reply.layout, textDisplay(`-# ${note}`)] };
  }
  return { ...reply, content: `${reply.content ?? ''}\n${note}` };
}

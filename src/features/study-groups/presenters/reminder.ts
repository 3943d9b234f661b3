import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { componentId } from '../../../platform/discord/command.js';
import type { Reply } from '../../../platform/discord/reply.js';
import type { ReminderMessage } from '../core/reminder.js';

/** The command that owns the study buttons and forms (`study:<action>:<group id>`). */
export const studyCommandName = 'study';

/** The Check in button: on every reminder message and on the board; it opens the check-in form. */
export function checkinButtonRow(groupId: number): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: componentId(studyCommandName, 'checkin', String(groupId)) }],
  };
}

/**
 * A reminder message in Components v2: last week's check-ins and this week's nudge in one container, with the Check
 * in button. It pings exactly the members it nudges, nobody else (a text display pings as content does).
 */
export function reminderReply(groupId: number, message: ReminderMessage): Reply {
  return {
    layout: [{ type: ComponentType.Container, accent_color: reminderAccent, components: [{ type: ComponentType.TextDisplay, content: message.content }, checkinButtonRow(groupId)] }],
    pingUserIds: message.pingUserIds,
    pingRoleIds: [],
  };
}

const reminderAccent = 0xfaa61a;

/** "Start a study group" under a weekly spotlight: opens the form with the spotlighted book filled in. */
export function startGroupButton(bookId: string): { type: ComponentType.Button; style: ButtonStyle.Success; label: string; custom_id: string } {
  return { type: ComponentType.Button, style: ButtonStyle.Success, label: 'Start a study group', custom_id: componentId(studyCommandName, 'start', bookId) };
}

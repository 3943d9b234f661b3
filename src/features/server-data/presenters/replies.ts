import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { componentId } from '../../../platform/discord/command.js';
import { discordTimestamp } from '../../../platform/discord/markup.js';
import { privateCard, textDisplay, warningAccent } from '../../../platform/discord/layout.js';
import { privateMessage, type Reply } from '../../../platform/discord/reply.js';
import type { ServerDataCounts } from '../repository.js';
import type { ServerExport } from '../service.js';

export const grimoireCommandName = 'grimoire';
export const forgetServerAction = 'forget-server';
export const forgetServerConfirmId = componentId(grimoireCommandName, forgetServerAction, 'confirm');
export const forgetServerCancelId = componentId(grimoireCommandName, forgetServerAction, 'cancel');

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** One line per kind of data, in the words an admin uses. */
function countLines(counts: ServerDataCounts): string[] {
  return [
    `${count(counts.studyGroups, 'study group', 'study groups')}, with ${count(counts.studyMembers, 'membership', 'memberships')}, ${count(counts.studyCheckins, 'check-in', 'check-ins')}, ${count(counts.studyBreaks, 'declared break', 'declared breaks')}, ${count(counts.studyPlans, 'reading plan', 'reading plans')}, ${count(counts.studyEvents, 'weekly event', 'weekly events')} and ${count(counts.studyReadBooks, 'book read before', 'books read before')}`,
    count(counts.bookPolls, 'poll for the next book', 'polls for the next book'),
    count(counts.reminderOptOuts, 'member who turned reminder pings off', 'members who turned reminder pings off'),
    `the spotlight: ${counts.spotlightSettings > 0 ? 'its settings' : 'no settings'}, ${count(counts.spotlightQueue, 'queued book', 'queued books')} and ${count(counts.spotlightHistory, 'past pick', 'past picks')}`,
    `${count(counts.schedules, 'weekly schedule', 'weekly schedules')} (spotlight and study reminders), ${count(counts.deliveries, 'delivery record', 'delivery records')} and ${count(counts.timedTasks, 'pending task', 'pending tasks')} (poll results, event moves)`,
  ];
}

/** The export, privately: one CSV file per table. */
export function exportReply(result: ServerExport): Reply {
  const fileLines = result.files.map((file) => `- \`${file.name}\`: ${count(file.rows, 'row', 'rows')}`);
  return {
    content: [
      `📦 This server's Grimoire data as of ${discordTimestamp(result.atMs, 'f')}: one CSV file per table (UTF-8, comma-separated, times in UTC).`,
      ...fileLines,
      "Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`) starts with an apostrophe. Only you can see this message: keep the files somewhere safe, they name your server's members by id.",
    ].join('\n'),
    ephemeral: true,
    files: result.files.map(({ name, contentType, data }) => ({ name, contentType, data })),
  };
}

/** The warning before forgetting a server (Components v2, privately): what would go, and the two buttons. */
export function forgetWarningReply(counts: ServerDataCounts): Reply {
  return privateCard(
    [
      textDisplay(['### ⚠️ This deletes everything Grimoire stores about this server', 'At once and for good:', ...countLines(counts).map((line) => `- ${line}`)].join('\n')),
      textDisplay('Messages already posted in your channels stay. Run `/grimoire export` first if you want a copy.'),
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Delete everything', custom_id: forgetServerConfirmId },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: forgetServerCancelId },
        ],
      },
    ],
    warningAccent,
  );
}

/** What was deleted (Components v2, privately), or one line when there was nothing left. */
export function forgottenReply(deleted: ServerDataCounts): Reply {
  const nothing = Object.values(deleted).every((n) => n === 0);
  if (nothing) return privateMessage('🗑️ Grimoire stores nothing about this server any more: there was nothing left to delete.');
  return privateCard([
    textDisplay(['### 🗑️ Deleted everything Grimoire stored about this server', ...countLines(deleted).map((line) => `- ${line}`)].join('\n')),
    textDisplay('-# The commands keep working; using them again starts from scratch.'),
  ]);
}

export const forgetCancelledReply: Reply = privateMessage('Cancelled: nothing was deleted.');

import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { isValidTimeZone, suggestTimeZones } from '../../core/time-zones.js';
import { escapeUserText } from '../../core/user-text.js';
import { parseLocalTime, weekdayNames, type WeekdayName, type WeeklyRule } from '../../core/weekly-rule.js';
import type { Choice } from './command.js';
import { UserError } from './user-error.js';

/** The day, time and time-zone options every weekly schedule is set with (spread into a command's options). */
export const weeklyRuleOptions = [
  {
    type: ApplicationCommandOptionType.String,
    name: 'day',
    description: 'Day of the week',
    required: true,
    choices: weekdayNames.map((day) => ({ name: day.charAt(0).toUpperCase() + day.slice(1), value: day })),
  },
  { type: ApplicationCommandOptionType.String, name: 'time', description: 'Time of day: 18:30, 6pm, 9:15am …', required: true, max_length: 20 },
  { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'Time zone, e.g. Europe/Berlin', required: true, autocomplete: true, max_length: 64 },
] as const;

export interface WeeklyRuleInput {
  day: string;
  time: string;
  timezone: string;
}

/** The options as a rule, or a UserError saying what to type instead. */
export function parseWeeklyRule(input: WeeklyRuleInput): WeeklyRule {
  const weekday = weekdayNames.indexOf(input.day.trim().toLowerCase() as WeekdayName) + 1;
  if (weekday === 0) throw new UserError(`“${escapeUserText(input.day, 20)}” is not a day of the week. Pick one from the list.`);
  const time = parseLocalTime(input.time);
  if (!time) throw new UserError(`“${escapeUserText(input.time, 20)}” is not a time of day. Use 24-hour HH:MM like \`18:30\`, or \`6pm\`.`);
  const timeZone = input.timezone.trim();
  if (!isValidTimeZone(timeZone)) {
    const suggestions = suggestTimeZones(timeZone, 3);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((zone) => `\`${zone}\``).join(', ')}?` : '';
    throw new UserError(`“${escapeUserText(timeZone, 64)}” is not a time zone I know. Use an IANA name like \`Europe/Berlin\` or \`America/New_York\` (the list autocompletes).${hint}`);
  }
  return { weekday, ...time, timeZone };
}

/** Autocomplete for the timezone option. */
export function timeZoneChoices(typed: string): Choice[] {
  return suggestTimeZones(typed, 25).map((zone) => ({ name: zone.replace(/_/g, ' '), value: zone }));
}

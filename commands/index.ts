import type { RegisteredCommand } from '../src/platform/discord/command.js';
import { bookCommand } from './book.js';
import { grimoireCommand } from './grimoire.js';
import { recommendCommand } from './recommend.js';
import { spotlightCommand } from './spotlight.js';
import { studyCommand } from './study.js';

/** Every slash command: the router handles exactly these and `deploy-commands` registers exactly these. */
export const commands: readonly RegisteredCommand[] = [bookCommand, recommendCommand, spotlightCommand, studyCommand, grimoireCommand];

import type { AppCommand } from './register.js';
import { bookCommand } from './book.js';
import { grimoireCommand } from './grimoire.js';
import { recommendCommand } from './recommend.js';
import { spotlightCommand } from './spotlight.js';
import { studyCommand } from './study.js';

/** Every slash command: the router handles exactly these and `deploy-commands` registers exactly these. */
export const commands: readonly AppCommand[] = [bookCommand, recommendCommand, spotlightCommand, studyCommand, grimoireCommand];

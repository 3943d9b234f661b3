import type { RecordedMessage } from '../../emulator/state.js';
import type { World } from '../session/world.js';
import type { ActionReply, WebSession } from '../web/web-session.js';
import { clockButtonMs, type ClockButton, type Member, type Scene } from './scenes.js';
import { normalisedOutput, outputHash, pickMessage, shotOutput } from './scene-output.js';

/**
 * Plays a scene's steps through a driver (the browser's page, or the web session the page talks to) on a
 * playground world, then reads what the shot shows from that world.
 */

export interface SceneDriver {
  command(member: Member, line: string): Promise<void>;
  clock(button: ClockButton): Promise<void>;
  /** Presses the button labelled `label` (custom id `customId`) on `message`. */
  press(member: Member, message: RecordedMessage, label: string, customId: string): Promise<void>;
  /** Votes in the poll `message` for its answer at `index` (0-based), whose id is `answerId`. */
  vote(member: Member, message: RecordedMessage, index: number, answerId: number): Promise<void>;
}

export interface SceneResult {
  /** The shot's output as normalised JSON. */
  output: string;
  outputHash: string;
  /** The message the picture is of (null for a form). */
  message: RecordedMessage | null;
}

function buttonCustomId(components: readonly unknown[], label: string): string | undefined {
  for (const component of components) {
    if (!component || typeof component !== 'object') continue;
    const { type, label: text, custom_id: customId, components: children, accessory } = component as Record<string, unknown>;
    if (type === 2 && text === label && typeof customId === 'string') return customId;
    const inner = buttonCustomId([...(Array.isArray(children) ? children : []), ...(accessory ? [accessory] : [])], label);
    if (inner) return inner;
  }
  return undefined;
}

export async function playScene(scene: Scene, world: World, driver: SceneDriver): Promise<SceneResult> {
  for (const step of scene.steps) {
    if ('command' in step) await driver.command(step.as ?? 'you', step.command);
    else if ('clock' in step) await driver.clock(step.clock);
    else if ('vote' in step) {
      const poll = world.emulator.messages(world.place.channelId).filter((message) => message.poll !== undefined).at(-1);
      const answer = poll?.poll?.answers[step.vote - 1];
      if (!poll || !answer) throw new Error(`${scene.name}: no poll with an answer ${step.vote} to vote for`);
      await driver.vote(step.as ?? 'you', poll, step.vote - 1, answer.answer_id);
    } else {
      const member = step.as ?? 'you';
      const message = pickMessage(world, member, step.on);
      const customId = buttonCustomId(message.components, step.press);
      if (!customId) throw new Error(`${scene.name}: the picked message has no "${step.press}" button`);
      await driver.press(member, message, step.press, customId);
    }
  }
  const shot = shotOutput(world, scene.shot);
  const output = normalisedOutput(world, shot.output);
  return { output, outputHash: outputHash(output), message: shot.message };
}

const done = (what: string) => (reply: ActionReply): void => {
  if (!reply.ok) throw new Error(`${what}: ${reply.error}`);
};

/** Drives the web session directly, as the page's requests would: no browser. */
export function sessionDriver(session: WebSession): SceneDriver {
  return {
    command: async (member, line) => done(line)(await session.command(member, line)),
    clock: async (button) => done(`clock +${button}`)(await session.moveClock(clockButtonMs[button])),
    press: async (member, message, label, customId) => done(`press ${label}`)(await session.press(member, message.id, customId)),
    vote: async (member, message, _index, answerId) => done(`vote ${answerId}`)(await session.vote(member, message.id, [answerId])),
  };
}

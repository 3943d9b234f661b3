import { Routes } from 'discord-api-types/v10';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIInteraction,
  type APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { RawFile, REST } from '@discordjs/rest';
import type { Logger } from '../logger.js';
import { discordErrorCode, DiscordErrorCode } from './api-errors.js';
import type { ReplyFile } from './reply.js';
import type { InteractionAnswer } from './router.js';

export interface ResponderOptions {
  rest: REST;
  applicationId: string;
  log: Logger;
  /** Discord drops an interaction not answered within 3 s; slower handlers are deferred before that. */
  deferAfterMs?: number;
}

export type Respond = (interaction: APIInteraction, response: Promise<InteractionAnswer | null>) => Promise<void>;

const timedOut = Symbol('timed out');

const formTooLate: APIInteractionResponseCallbackData = {
  content: 'That took too long for Discord to open the form. Please press the button again.',
  flags: MessageFlags.Ephemeral,
  allowed_mentions: { parse: [] },
};

/** With files, @discordjs/rest sends multipart/form-data: `payload_json` and one `files[n]` part per file, in order. */
function withFiles(files: readonly ReplyFile[] | undefined): { files?: RawFile[] } {
  return files && files.length > 0 ? { files: files.map((file) => ({ name: file.name, contentType: file.contentType, data: file.data })) } : {};
}

/** Sends the router's answer over REST, deferring first when the handler is slow. */
export function createInteractionResponder({ rest, applicationId, log, deferAfterMs = 2000 }: ResponderOptions): Respond {
  const callback = (interaction: APIInteraction, { files, ...body }: InteractionAnswer): Promise<unknown> =>
    rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false, ...withFiles(files) });

  async function respond(interaction: APIInteraction, response: Promise<InteractionAnswer | null>): Promise<void> {
    try {
      // Autocomplete cannot be deferred: it is answered whenever it is ready.
      const canDefer =
        interaction.type === InteractionType.ApplicationCommand || interaction.type === InteractionType.MessageComponent || interaction.type === InteractionType.ModalSubmit;
      let timer: NodeJS.Timeout | undefined;
      const first = canDefer
        ? await Promise.race([response, new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), deferAfterMs)))])
        : await response;
      clearTimeout(timer);
      if (first !== timedOut) {
        if (first) await callback(interaction, first);
        return;
      }
      await callback(interaction, { type: InteractionResponseType.DeferredChannelMessageWithSource });
      const late = await response;
      // A form opens only as the first answer; after "thinking…" the member is told to press again instead.
      if (late?.type === InteractionResponseType.Modal) await deliverLate(interaction, formTooLate, undefined);
      // A page turned in place, but too late: "thinking…" already stands as a new message, so the page becomes one (as private as the message it came from).
      else if (late?.type === InteractionResponseType.UpdateMessage && late.data) await deliverLate(interaction, { ...late.data, flags: (late.data.flags ?? 0) | MessageFlags.Ephemeral }, late.files);
      else if (late && 'data' in late && late.data) await deliverLate(interaction, late.data as APIInteractionResponseCallbackData, late.files);
    } catch (error) {
      const code = discordErrorCode(error);
      if (code === DiscordErrorCode.UnknownInteraction || code === DiscordErrorCode.InteractionAlreadyAcknowledged) {
        log.warn({ interactionId: interaction.id, code }, 'interaction expired or already answered');
      } else {
        log.error({ err: error, interactionId: interaction.id }, 'could not answer interaction');
      }
    }
  }

  /** After a public "thinking…" placeholder: edit it, or for a private answer replace it with a private follow-up. */
  async function deliverLate(interaction: APIInteraction, data: APIInteractionResponseCallbackData, files: readonly ReplyFile[] | undefined): Promise<void> {
    const isPrivate = ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    if (!isPrivate) {
      await rest.patch(Routes.webhookMessage(applicationId, interaction.token, '@original'), { body: data, auth: false, ...withFiles(files) });
      return;
    }
    await rest.delete(Routes.webhookMessage(applicationId, interaction.token, '@original'), { auth: false });
    await rest.post(Routes.webhook(applicationId, interaction.token), { body: data, auth: false, ...withFiles(files) });
  }

  return respond;
}

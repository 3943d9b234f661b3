import { emulatorLimits } from './discord-limits.js';
import type { UploadedFile } from './multipart.js';
import type { RecordedAttachment } from './state.js';

/**
 * A message's attachments from the uploaded `files[n]` parts and the body's `attachments` list, checked like
 * Discord: at most 10, each listed id an uploaded placeholder (or, when editing, an attachment the message
 * already has), each file within the upload limit. Stricter than Discord in one way: with an `attachments`
 * list, an uploaded file it does not list is refused rather than silently dropped.
 */

export type AttachmentsOutcome =
  | { kind: 'ok'; attachments: RecordedAttachment[] }
  /** 50035 Invalid Form Body, one problem per field. */
  | { kind: 'invalid'; problems: string[] }
  /** 40005 Request entity too large. */
  | { kind: 'too-large'; filename: string };

interface ListedAttachment {
  id?: unknown;
  filename?: unknown;
  description?: unknown;
}

export interface AttachmentContext {
  nextId: () => string;
  /** Where the emulator serves the files (`<origin>/attachments/<channel>/<id>/<filename>`). */
  origin: string;
  channelId: string;
  /** The message's current attachments when editing; null when creating a message. */
  existing: readonly RecordedAttachment[] | null;
}

export function resolveAttachments(listed: unknown, files: readonly UploadedFile[], context: AttachmentContext): AttachmentsOutcome {
  const oversized = files.find((file) => file.data.length > emulatorLimits.attachmentSize);
  if (oversized) return { kind: 'too-large', filename: oversized.filename };
  const problems: string[] = [];
  const record = (file: UploadedFile, filename: string, description: string | null): RecordedAttachment => {
    const id = context.nextId();
    return {
      id,
      filename,
      contentType: file.contentType,
      size: file.data.length,
      data: file.data,
      description,
      url: `${context.origin}/attachments/${context.channelId}/${id}/${encodeURIComponent(filename)}`,
    };
  };
  for (const file of files) if (file.filename.length === 0) problems.push(`files[${file.placeholder}]: a file part needs a filename`);

  let attachments: RecordedAttachment[];
  if (listed === undefined || listed === null) {
    // Without a list every uploaded file is attached in order; an edit keeps what the message had.
    attachments = [...(context.existing ?? []), ...files.map((file) => record(file, file.filename, null))];
  } else if (!Array.isArray(listed)) {
    return { kind: 'invalid', problems: ['attachments: must be an array'] };
  } else {
    attachments = [];
    const used = new Set<string>();
    (listed as ListedAttachment[]).forEach((item, index) => {
      const at = `attachments.${index}`;
      const id = typeof item?.id === 'number' || typeof item?.id === 'string' ? String(item.id) : null;
      if (id === null) {
        problems.push(`${at}.id: required (the n of an uploaded files[n], or an attachment the message has)`);
        return;
      }
      if (used.has(id)) {
        problems.push(`${at}.id: listed twice`);
        return;
      }
      used.add(id);
      const description = item.description === undefined || item.description === null ? null : item.description;
      if (description !== null && (typeof description !== 'string' || description.length > emulatorLimits.attachmentDescription)) {
        problems.push(`${at}.description: a string of at most ${emulatorLimits.attachmentDescription} characters`);
        return;
      }
      if (item.filename !== undefined && (typeof item.filename !== 'string' || item.filename.length === 0)) {
        problems.push(`${at}.filename: must be a non-empty string`);
        return;
      }
      const file = files.find((candidate) => candidate.placeholder === id);
      if (file) {
        attachments.push(record(file, typeof item.filename === 'string' ? item.filename : file.filename, description));
        return;
      }
      const kept = context.existing?.find((attachment) => attachment.id === id);
      if (kept) {
        attachments.push(description === null ? kept : { ...kept, description });
        return;
      }
      problems.push(`${at}.id: no files[${id}] part was uploaded${context.existing ? ' and the message has no such attachment' : ''}`);
    });
    for (const file of files) {
      if (!used.has(file.placeholder)) problems.push(`files[${file.placeholder}]: uploaded but not listed in attachments`);
    }
  }
  if (attachments.length > emulatorLimits.attachmentsPerMessage) problems.push(`attachments: at most ${emulatorLimits.attachmentsPerMessage} per message, not ${attachments.length}`);
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', attachments };
}

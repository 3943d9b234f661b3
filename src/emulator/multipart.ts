/**
 * Request bodies with files, as Discord takes them (https://discord.com/developers/docs/reference#uploading-files):
 * multipart/form-data with the JSON body in a `payload_json` part and each file in a `files[n]` part, where n
 * is the placeholder id the body's `attachments` refer to.
 */

export interface UploadedFile {
  /** The n of `files[n]`. */
  placeholder: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export type MultipartBody = { ok: true; json: unknown; files: UploadedFile[] } | { ok: false; invalidJson: boolean; problems: string[] };

const filePart = /^files\[(\d{1,20})\]$/;

/** Parses the body with the platform's own form-data parser (undici), then checks the parts like Discord. */
export async function parseMultipartBody(raw: Buffer, contentType: string): Promise<MultipartBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false, invalidJson: false, problems: ['body: not a valid multipart/form-data body'] };
  }
  const problems: string[] = [];
  const files: UploadedFile[] = [];
  let json: unknown = undefined;
  let sawPayload = false;
  for (const [name, value] of form.entries()) {
    if (name === 'payload_json') {
      if (sawPayload) problems.push('payload_json: given twice');
      sawPayload = true;
      if (typeof value !== 'string') {
        problems.push('payload_json: must be a text part');
        continue;
      }
      try {
        json = JSON.parse(value);
      } catch {
        return { ok: false, invalidJson: true, problems: ['payload_json: invalid JSON'] };
      }
      continue;
    }
    const placeholder = filePart.exec(name)?.[1];
    if (placeholder === undefined) {
      // Discord also reads JSON fields sent as form fields; the bot never does, so the emulator refuses them.
      problems.push(`${name}: unknown form field (send the JSON as payload_json and files as files[n])`);
      continue;
    }
    if (typeof value === 'string') {
      problems.push(`${name}: must be a file part (with a filename)`);
      continue;
    }
    if (files.some((file) => file.placeholder === placeholder)) {
      problems.push(`${name}: given twice`);
      continue;
    }
    files.push({ placeholder, filename: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
  }
  if (problems.length > 0) return { ok: false, invalidJson: false, problems };
  return { ok: true, json, files };
}

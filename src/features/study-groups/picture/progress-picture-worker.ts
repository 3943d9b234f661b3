import { parentPort } from 'node:worker_threads';
import { layoutProgressPicture, type ProgressPictureInput } from '../core/progress-picture.js';
import { renderProgressPng } from './render-progress-png.js';

/** The worker thread of render-in-worker.ts: layout, drawing and encoding, all off the bot's event loop. */

export interface PictureRequest {
  id: number;
  input: ProgressPictureInput;
}

export type PictureResponse = { id: number; png: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('progress-picture-worker.ts runs in a worker thread');

port.on('message', ({ id, input }: PictureRequest) => {
  let response: PictureResponse;
  try {
    // A copy the worker owns, so its memory can be handed over instead of copied again on the way back.
    const png = new Uint8Array(renderProgressPng(layoutProgressPicture(input)));
    response = { id, png };
    port.postMessage(response, [png.buffer]);
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(response);
  }
});

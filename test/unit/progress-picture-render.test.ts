import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it, vi } from 'vitest';
import { layoutProgressPicture, type ProgressPicture } from '../../src/features/study-groups/core/progress-picture.js';
import { createProgressPictureWorker } from '../../src/features/study-groups/picture/render-in-worker.js';
import { drawProgressPicture, renderProgressPng } from '../../src/features/study-groups/picture/render-progress-png.js';
import { pictureFontFamily, registerPictureFonts } from '../../src/features/study-groups/picture/picture-fonts.js';
import { sampleProgressInput } from '../fixtures/progress-picture.js';

/** The picture drawn for real with @napi-rs/canvas and the bundled font. */

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a PNG must start with. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(pngSignature);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A PNG's pixels as Skia decodes it. */
async function decodedPixels(png: Buffer): Promise<Uint8ClampedArray> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height).data;
}

describe('the progress picture as a PNG', () => {
  it('is a PNG of the layout\'s size, for 10 and for 200 members', async () => {
    for (const members of [10, 200]) {
      const picture = layoutProgressPicture(sampleProgressInput(members));
      const png = renderProgressPng(picture);
      expect(pngSize(png)).toEqual({ width: picture.width, height: picture.height });
      // Discord takes files up to 10 MiB from bots.
      expect(png.length).toBeLessThan(10 * 1024 * 1024);
    }
  });

  it('gives the same bytes for the same input', () => {
    const first = renderProgressPng(layoutProgressPicture(sampleProgressInput(12)));
    expect(renderProgressPng(layoutProgressPicture(sampleProgressInput(12))).equals(first)).toBe(true);
  });

  it('stays under 300 KB for 200 members (issue 18), as an indexed PNG that shows what was drawn', async () => {
    const picture = layoutProgressPicture(sampleProgressInput(200));
    const png = renderProgressPng(picture);
    expect(png.length).toBeLessThan(300_000);
    const drawn = drawProgressPicture(picture).getContext('2d').getImageData(0, 0, picture.width, picture.height).data;
    const decoded = await decodedPixels(png);
    let exact = 0;
    for (let i = 0; i < drawn.length; i += 4) if (drawn[i] === decoded[i] && drawn[i + 1] === decoded[i + 1] && drawn[i + 2] === decoded[i + 2] && drawn[i + 3] === decoded[i + 3]) exact++;
    expect(exact / (drawn.length / 4)).toBeGreaterThan(0.97);
  });

  it('draws any name without failing: lone surrogates, scripts without a glyph, thousands of combining marks', async () => {
    const input = sampleProgressInput(4);
    const names = ['\uD800 lone', '𓀀𓀁𓀂 ꦲꦏ ᠮᠣᠩ', `a${'\u0301'.repeat(5000)}`, '\uFEFF\u200B\u2060'];
    const picture = layoutProgressPicture({ ...input, groupName: '🏳️‍🌈'.repeat(40), members: input.members.map((member, index) => ({ ...member, name: names[index]! })) });
    expect(pngSize(renderProgressPng(picture))).toEqual({ width: picture.width, height: picture.height });
  });

  it('draws Japanese, Arabic and emoji names with the bundled fonts, and Latin digits with Noto Sans\' own', () => {
    registerPictureFonts();
    const inkOf = (text: string, font: string): string => {
      const canvas = createCanvas(120, 40);
      const ctx = canvas.getContext('2d');
      ctx.font = font;
      ctx.fillText(text, 4, 28);
      return Buffer.from(ctx.getImageData(0, 0, 120, 40).data).toString('base64');
    };
    const stack = `20px ${pictureFontFamily}`;
    const blank = inkOf('', stack);
    for (const [text, family] of [['李小龍', 'GrimoireNotoSansJP'], ['محمد', 'GrimoireNotoSansArabic'], ['📚', 'GrimoireNotoEmoji'], ['2 of 24', 'GrimoireNotoSans']] as const) {
      const drawn = inkOf(text, stack);
      expect(drawn, text).not.toBe(blank);
      expect(drawn, text).toBe(inkOf(text, `20px ${family}`));
    }
  });

  it('cuts a text the layout let through to its width when the real font is wider than the estimate', () => {
    // "W" is about 0.9 em in the estimate and wider in bold Noto Sans: left alone, this would overflow 60 px.
    const picture: ProgressPicture = {
      width: 200,
      height: 30,
      primitives: [{ kind: 'text', x: 0, y: 15, text: 'WWWWWWWWWWWWWWWW', size: 20, weight: 'bold', color: '#000000', align: 'left', maxWidth: 60 }],
    };
    const pixels = drawProgressPicture(picture).getContext('2d').getImageData(0, 0, 200, 30).data;
    let rightmost = -1;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) rightmost = Math.max(rightmost, ((i - 3) / 4) % 200);
    expect(rightmost).toBeGreaterThan(30);
    expect(rightmost).toBeLessThanOrEqual(61);
  });

  it('starts its worker on the first picture and stops it when idle; the next picture starts another', async () => {
    const worker = createProgressPictureWorker({ idleMs: 100 });
    try {
      expect(worker.running).toBe(false);
      const png = await worker.render(sampleProgressInput(2));
      expect(worker.running).toBe(true);
      await vi.waitFor(() => expect(worker.running).toBe(false), { timeout: 5_000, interval: 20 });
      expect((await worker.render(sampleProgressInput(2))).equals(png)).toBe(true);
      expect(worker.running).toBe(true);
    } finally {
      await worker.close();
    }
    expect(worker.running).toBe(false);
  });

  it('renders the same bytes on a worker thread, reports a bad input without losing the worker, and closes', async () => {
    const worker = createProgressPictureWorker();
    try {
      const input = sampleProgressInput(30);
      const [png, again] = await Promise.all([worker.render(input), worker.render(input)]);
      expect(png.equals(renderProgressPng(layoutProgressPicture(input)))).toBe(true);
      expect(again.equals(png)).toBe(true);
      await expect(worker.render({ ...input, members: null } as never)).rejects.toThrow(/progress picture:/);
      expect(pngSize(await worker.render(sampleProgressInput(1)))).toMatchObject({ width: layoutProgressPicture(input).width });
    } finally {
      await worker.close();
    }
    await expect(worker.render(sampleProgressInput(1)).then((png) => png.length > 0)).resolves.toBe(true);
    await worker.close();
  });
});

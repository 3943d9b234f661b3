import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { encodeIndexedPng } from '../../src/features/study-groups/picture/indexed-png.js';

/** The indexed-colour PNG encoder, read back by Skia's own decoder. */

async function decode(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

function image(width: number, height: number, colourAt: (x: number, y: number) => [number, number, number, number]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(colourAt(x, y), (y * width + x) * 4);
  return data;
}

describe('encodeIndexedPng', () => {
  it('keeps an image of at most 256 colours exactly, opaque and transparent pixels alike', async () => {
    const width = 37;
    const height = 11;
    // 149 colours, one of them a fully transparent corner.
    const pixels = image(width, height, (x, y) => (x === 0 && y === 0 ? [0, 0, 0, 0] : [(x * 7) % 256, (y % 4) * 20, 30, 255]));
    const distinct = new Set<string>();
    for (let i = 0; i < pixels.length; i += 4) distinct.add(pixels.slice(i, i + 4).join());
    expect(distinct.size).toBeLessThanOrEqual(256);
    const png = encodeIndexedPng(pixels, width, height);
    expect(png[25]).toBe(3); // IHDR colour type: indexed
    const decoded = await decode(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect([...decoded.data]).toEqual([...pixels]);
  });

  it('gives a colour beyond the 256 most frequent the nearest of them', async () => {
    const width = 300;
    const height = 4;
    // Rows 0–2 are 256 frequent colours; row 3 holds 300 shades seen once, each 1 away from a frequent one.
    const pixels = image(width, height, (x, y) => (y < 3 ? [x % 256, 0, 0, 255] : [x % 256, 1, 0, 255]));
    const decoded = await decode(encodeIndexedPng(pixels, width, height));
    for (let x = 0; x < width; x++) {
      const at = (3 * width + x) * 4;
      expect([...decoded.data.slice(at, at + 4)]).toEqual([x % 256, 0, 0, 255]);
    }
  });

  it('refuses pixels that do not match the size', () => {
    expect(() => encodeIndexedPng(new Uint8ClampedArray(12), 2, 2)).toThrow(/12 bytes for 2×2/);
  });
});

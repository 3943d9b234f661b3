import { crc32, deflateSync } from 'node:zlib';

/**
 * An RGBA image as an indexed-colour PNG (colour type 3): one byte per pixel instead of four. The progress picture is
 * flat colours and anti-aliased text, so a 256-colour palette holds nearly every pixel exactly; Skia's PNG encoder only
 * writes truecolour, which made a 200-member picture about 925 KiB (the target is under 300 KB).
 *
 * Palette: the 256 most frequent colours. Any other colour (a rare blend at a glyph's edge) takes the nearest palette
 * colour, so the picture loses nothing a reader could see; with 256 colours or fewer it is exact.
 */

const paletteSize = 256;
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}

/** A pixel's four bytes as one number, R in the high byte (the order of the palette entries). */
const packed = (rgba: Uint8Array | Uint8ClampedArray, offset: number): number =>
  ((rgba[offset]! << 24) | (rgba[offset + 1]! << 16) | (rgba[offset + 2]! << 8) | rgba[offset + 3]!) >>> 0;

function distance(a: number, b: number): number {
  let sum = 0;
  for (let shift = 0; shift < 32; shift += 8) {
    const d = ((a >>> shift) & 0xff) - ((b >>> shift) & 0xff);
    sum += d * d;
  }
  return sum;
}

/** The palette (most frequent first) and each distinct colour's index in it. */
function choosePalette(rgba: Uint8Array | Uint8ClampedArray): { palette: number[]; indexOf: Map<number, number> } {
  const counts = new Map<number, number>();
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
  // Runs of one colour are the common case: count each run with one map update.
  let run = 0;
  for (let index = 0; index < pixels.length; index++) {
    if (index + 1 < pixels.length && pixels[index + 1] === pixels[index]) {
      run++;
      continue;
    }
    const colour = packed(rgba, index * 4);
    counts.set(colour, (counts.get(colour) ?? 0) + run + 1);
    run = 0;
  }
  const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([colour]) => colour);
  const palette = byFrequency.slice(0, paletteSize);
  const indexOf = new Map(palette.map((colour, index) => [colour, index]));
  for (const colour of byFrequency.slice(paletteSize)) {
    let best = 0;
    for (let index = 1; index < palette.length; index++) if (distance(colour, palette[index]!) < distance(colour, palette[best]!)) best = index;
    indexOf.set(colour, best);
  }
  return { palette, indexOf };
}

/** `rgba` holds width × height pixels, four bytes each, not premultiplied (as canvas' getImageData gives them). */
export function encodeIndexedPng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodeIndexedPng: ${rgba.length} bytes for ${width}×${height} pixels`);
  const { palette, indexOf } = choosePalette(rgba);
  // Each scanline starts with its filter byte: 0 (none), the usual best for indexed images.
  const scanlines = Buffer.alloc(height * (width + 1));
  const pixels = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
  let previous = -1;
  let previousIndex = 0;
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1) + 1;
    for (let x = 0; x < width; x++) {
      const pixel = pixels[y * width + x]!;
      if (pixel !== previous) {
        previous = pixel;
        previousIndex = indexOf.get(packed(rgba, (y * width + x) * 4))!;
      }
      scanlines[row + x] = previousIndex;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const rgb = Buffer.alloc(palette.length * 3);
  const alpha = Buffer.alloc(palette.length);
  palette.forEach((colour, index) => {
    rgb.set([colour >>> 24, (colour >>> 16) & 0xff, (colour >>> 8) & 0xff], index * 3);
    alpha[index] = colour & 0xff;
  });
  const lastTranslucent = alpha.findLastIndex((value) => value !== 0xff);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('PLTE', rgb),
    // tRNS may stop at the last translucent entry; the rest are opaque.
    ...(lastTranslucent >= 0 ? [chunk('tRNS', alpha.subarray(0, lastTranslucent + 1))] : []),
    chunk('IDAT', deflateSync(scanlines, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

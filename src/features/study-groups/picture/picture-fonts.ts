import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * The font pictures are drawn in: Noto Sans from @fontsource (WOFF2, which Skia reads), bundled so a picture looks the
 * same on every host and needs no system fonts. Its subsets cover Latin, Cyrillic, Greek, Vietnamese and Devanagari;
 * a glyph outside them falls back to whatever the host has, or is drawn as a box: never an error.
 */
export const pictureFontFamily = 'GrimoireNotoSans';

const subsets = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese', 'devanagari'] as const;
const weights = [400, 700] as const;
const require = createRequire(import.meta.url);

let registered = false;

/** Registers the font files once per process (GlobalFonts is the process's own registry). */
export function registerPictureFonts(): void {
  if (registered) return;
  for (const subset of subsets) {
    for (const weight of weights) {
      const path = require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(path, pictureFontFamily)) throw new Error(`could not load the picture font ${path}`);
    }
  }
  registered = true;
}

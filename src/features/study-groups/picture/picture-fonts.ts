import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * The fonts pictures are drawn in, all from @fontsource (WOFF2, which Skia reads), bundled so a picture looks the same
 * on every host and needs no system fonts: Noto Sans (Latin, Cyrillic, Greek, Vietnamese, Devanagari), Noto Sans JP
 * (kana and the kanji of Japanese and most Chinese names), Noto Sans Arabic and Noto Emoji (monochrome). Each is its
 * own family and text asks for them in this order, so Latin text keeps Noto Sans' own spaces and digits (Noto Sans JP
 * has wider ones) and a glyph comes from the first family that has it. A glyph none has falls back to whatever the
 * host has, or is drawn as a box: never an error.
 */
const families: readonly { family: string; packageName: string; pattern: RegExp }[] = [
  { family: 'GrimoireNotoSans', packageName: '@fontsource/noto-sans', pattern: /^noto-sans-(latin|latin-ext|cyrillic|cyrillic-ext|greek|greek-ext|vietnamese|devanagari)-(400|700)-normal\.woff2$/ },
  { family: 'GrimoireNotoSansJP', packageName: '@fontsource/noto-sans-jp', pattern: /^noto-sans-jp-\d+-(400|700)-normal\.woff2$/ },
  { family: 'GrimoireNotoSansArabic', packageName: '@fontsource/noto-sans-arabic', pattern: /^noto-sans-arabic-arabic-(400|700)-normal\.woff2$/ },
  { family: 'GrimoireNotoEmoji', packageName: '@fontsource/noto-emoji', pattern: /^noto-emoji-\d+-(400|700)-normal\.woff2$/ },
];

/** The families as a CSS font list, for `ctx.font`. */
export const pictureFontFamily = families.map(({ family }) => family).join(', ');
const require = createRequire(import.meta.url);

let registered = false;

/** Registers the font files once per process (GlobalFonts is the process's own registry; about 0.3 s). */
export function registerPictureFonts(): void {
  if (registered) return;
  for (const { family, packageName, pattern } of families) {
    const folder = `${dirname(require.resolve(`${packageName}/package.json`))}/files`;
    const files = readdirSync(folder).filter((name) => pattern.test(name));
    if (files.length === 0) throw new Error(`no picture fonts in ${folder}`);
    for (const name of files) {
      if (!GlobalFonts.registerFromPath(`${folder}/${name}`, family)) throw new Error(`could not load the picture font ${folder}/${name}`);
    }
  }
  registered = true;
}

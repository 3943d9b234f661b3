import type { ProgressPictureInput } from '../core/progress-picture.js';

/**
 * The last few pictures drawn, by what they show. A board changes only when someone joins, checks in, takes a break
 * or is renamed, or a week turns; between those, every `/study status` would draw the same picture again (about
 * 40 ms of a worker's time for 50 members, 150 ms for 200, one picture at a time). The key is the whole input, so a
 * picture is never stale: any change to what it shows is a new key.
 */
export interface PictureCache {
  render(input: ProgressPictureInput): Promise<Buffer>;
}

export function createPictureCache(render: (input: ProgressPictureInput) => Promise<Buffer>, capacity = 16): PictureCache {
  // A Map keeps insertion order: the first key is the least recently used.
  const pictures = new Map<string, Promise<Buffer>>();
  return {
    render(input) {
      const key = JSON.stringify(input);
      const cached = pictures.get(key);
      if (cached) {
        pictures.delete(key);
        pictures.set(key, cached);
        return cached;
      }
      // The promise is kept, so members asking at the same moment share one render; a failed one is forgotten.
      const drawn = render(input);
      pictures.set(key, drawn);
      drawn.catch(() => {
        if (pictures.get(key) === drawn) pictures.delete(key);
      });
      if (pictures.size > capacity) pictures.delete(pictures.keys().next().value!);
      return drawn;
    },
  };
}

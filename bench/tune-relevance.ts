import { createCatalog } from '../src/features/catalog/core/catalog.js';
import { loadDataset } from '../src/features/catalog/load.js';
import { measureRelevanceV2, total, type KindFigure, type RelevanceV2Result } from './relevance-v2.js';

/**
 * `npm run bench:tune`: the TUNING part of the second relevance set, by kind, with every miss: what one may
 * look at while changing the ranking. The sealed part is never run here (bench section 8b runs both, once).
 */

const result: RelevanceV2Result = measureRelevanceV2(createCatalog(loadDataset()), 'tuning');
const show = (name: string, figures: Map<string, KindFigure>): void => {
  const all = total(figures);
  console.log(`\n${name}: ${all.right}/${all.count}`);
  for (const [kind, figure] of [...figures].sort()) console.log(`  ${kind.padEnd(20)} ${figure.right}/${figure.count}`);
  if (process.argv.includes('--misses')) for (const miss of all.misses) console.log(`    ✗ ${miss}`);
};
show('/book top-1', result.topOne);
show('/book no false card', result.noFalseCard);
show('/recommend sensible first', result.sensibleFirst);
show('/recommend honest no-match', result.honestNoMatch);
show('/recommend chapter or section pointer', result.pointers);

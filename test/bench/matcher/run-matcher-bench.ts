import { textTable } from '../report/text-table.ts';
import { matcherRows, measureMatcher } from './measure-matcher.ts';

/** Just the matcher phase of the bench: `npx tsx test/bench/matcher/run-matcher-bench.ts [--quick]`. */
const quick = process.argv.includes('--quick');
const result = measureMatcher({ ruleCounts: [100, 1_000], events: 1_000, secondsPerRun: quick ? 0.2 : 1 });
console.log(textTable(matcherRows(result)));
console.log(`${result.check.budget}: ${result.check.measured} — ${result.check.pass ? 'PASS' : 'FAIL'}`);

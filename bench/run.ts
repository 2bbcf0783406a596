/**
 * `npm run bench`: every benchmark under bench/, each printing its figures and, where a floor exists, the
 * ratio to it measured in the same run on this machine. Not a test: nothing here asserts.
 */
import { runDashboardBench } from './dashboard';

async function main() {
  await runDashboardBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

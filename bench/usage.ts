/**
 * Preloaded into the CLI by bench/run.ts (`node --require`): at exit, writes the process's own
 * resource usage (CPU of every thread, workers included, and peak RSS) to $COMPOSEX_BENCH_USAGE.
 */
import * as fs from 'fs';

const target = process.env.COMPOSEX_BENCH_USAGE;
if (target) {
  process.once('exit', () => {
    fs.writeFileSync(target, JSON.stringify(process.resourceUsage()));
  });
}

import { answerFromCache } from './cache-hit';
import { writeAll } from './stdio';

const argv = process.argv.slice(2);
const answer = answerFromCache(argv, process.env, Date.now());
if (answer === undefined) {
  // Everything else: misses, other commands, help, errors. The build embeds cli.ts as a script
  // compiled only here (scripts/build.mjs), so a hit never parses it.
  import('./cli')
    .then(({ runMain }) => runMain(argv))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        // runMain reports its own errors; this is the layer itself failing to load (a truncated or
        // edited file), which only a new copy can fix.
        if (process.env.STS_REFRESH_DEBUG === '1') writeAll(2, `${error instanceof Error ? error.stack : String(error)}\n`);
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        writeAll(2, `sts-refresh: this copy of sts-refresh is damaged (${reason}); reinstall it\n`);
        process.exitCode = 1;
      },
    );
} else {
  try {
    writeAll(1, answer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    process.exitCode = 1;
    try {
      writeAll(2, `sts-refresh: could not write the credentials to stdout (${code}); the program that ran sts-refresh stopped reading\n`);
    } catch {
      // stderr is gone as well: the exit status is all that is left to say it with.
    }
  }
}

import { runMain } from './cli';

void runMain(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

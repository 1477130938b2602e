/** The edges a command may touch; cli.ts supplies the real ones, tests may supply fakes. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  now: () => number;
  stdout: (text: string) => void;
  warn: (message: string) => void;
}

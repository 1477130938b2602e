// node:os is not in Node's startup snapshot: loading it costs a cache hit about 2 million
// instructions on Node 24, as much as all of sts-refresh's own code on that path. The hit needs
// only the home directory, which os.homedir() itself takes from HOME (USERPROFILE on Windows)
// when it is set; node:os is loaded only when it is not.

/** The user's home directory, as os.homedir() finds it in `env`. */
export function homeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const fromEnv = platform === 'win32' ? env.USERPROFILE : env.HOME;
  return fromEnv || process.getBuiltinModule('node:os').homedir();
}

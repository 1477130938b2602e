import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StsRefreshError } from '../core/errors';

export interface OpenInit {
  platform: NodeJS.Platform;
  /** The environment the opener runs with, and whose PATH finds it. */
  env: NodeJS.ProcessEnv;
  /**
   * How long to wait for the opener to say it failed. xdg-open and open return once the browser
   * has the URL; one still running after this is taken to have handed it on.
   */
  waitMs: number;
}

/**
 * The platform's own opener. On Windows not `cmd /c start`: cmd cuts a URL at its first `&` and
 * runs the rest as commands, and expands `%`. rundll32's URL handler takes the command line as it
 * is, with no shell in between.
 */
export function openerFor(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } {
  if (platform === 'win32') {
    return { command: join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'rundll32.exe'), args: ['url.dll,FileProtocolHandler'] };
  }
  return { command: platform === 'darwin' ? 'open' : 'xdg-open', args: [] };
}

/**
 * Opens `url` in the default browser. The URL is a session: it goes to the opener's argv and
 * nowhere else, and the opener's own output, which may repeat it, is not passed on.
 */
export function openInBrowser(url: string, init: OpenInit): Promise<void> {
  const { command, args } = openerFor(init.platform, init.env);
  const name = command.split(/[\\/]/).pop() ?? command;
  return new Promise((resolve, reject) => {
    const noBrowser = (why: string) =>
      reject(
        new StsRefreshError(`could not open a browser: ${why}`, 'run console again with --print, and open the URL it prints yourself'),
      );
    const child = spawn(command, [...args, url], { env: init.env, stdio: 'ignore', detached: true, windowsHide: true });
    const timer = setTimeout(() => {
      child.unref();
      resolve();
    }, init.waitMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      noBrowser(error.code === 'ENOENT' ? `no ${name} on PATH` : `${name} did not start (${error.code ?? 'error'})`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else noBrowser(`${name} ${signal ? `was ended by ${signal}` : `exited with ${code}`}`);
    });
  });
}

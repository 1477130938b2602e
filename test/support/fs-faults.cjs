// Preloaded into the built CLI (node --require) to make the filesystem fail the way a crash, a full
// disk or a read-only mount would, without root tricks that CI may not allow. Only paths under
// STS_REFRESH_FAULT_DIR are affected, so node and the AWS config files behave normally.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded by node --require */
const fs = require('node:fs');
const path = require('node:path');

const fault = process.env.STS_REFRESH_FAULT;
const dir = process.env.STS_REFRESH_FAULT_DIR;
const inDir = (p) => dir !== undefined && path.resolve(String(p)).startsWith(path.resolve(dir) + path.sep);
const errno = (code, syscall, p) => Object.assign(new Error(`${code}: simulated, ${syscall} '${p}'`), { code, syscall, path: String(p) });

const { renameSync, openSync, writeSync, mkdirSync, mkdir } = fs;
const tempFds = new Set();

if (fault === 'crash-before-rename') {
  // The temp file is written and fsynced; the process dies before the rename makes it the entry.
  fs.renameSync = (from, to) => {
    if (inDir(from) && String(from).endsWith('.tmp')) process.kill(process.pid, 'SIGKILL');
    return renameSync(from, to);
  };
}

if (fault === 'enospc' || fault === 'nearly-full' || fault === 'short-writes') {
  fs.openSync = (p, ...rest) => {
    const fd = openSync(p, ...rest);
    if (inDir(p) && String(p).endsWith('.tmp')) tempFds.add(fd);
    return fd;
  };
  // How many bytes of temp files the disk still takes (STS_REFRESH_FAULT_ROOM, for a nearly full one).
  let room = fault === 'enospc' ? 0 : fault === 'nearly-full' ? Number(process.env.STS_REFRESH_FAULT_ROOM ?? 4096) : Infinity;
  fs.writeSync = (fd, data, ...rest) => {
    if (!tempFds.has(fd)) return writeSync(fd, data, ...rest);
    // A full disk: creating an empty file or directory still works, writing bytes does not.
    if (room <= 0) throw errno('ENOSPC', 'write', fd);
    // A nearly full disk (or a signal) makes write(2) take fewer bytes than asked, which is not an
    // error: the caller must write the rest. Each call takes at most 512 bytes here.
    const bytes = typeof data === 'string' ? Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8') : data;
    const offset = typeof data === 'string' ? 0 : (rest[0] ?? 0);
    const length = typeof data === 'string' ? bytes.length : (rest[1] ?? bytes.length - offset);
    const taken = Math.min(length, room, 512);
    room -= taken;
    return writeSync(fd, bytes, offset, taken);
  };
}

if (fault === 'immutable') {
  // chattr +i on a file: its directory still takes a new file, but nothing may replace the file.
  fs.renameSync = (from, to) => {
    if (inDir(to)) throw errno('EPERM', 'rename', to);
    return renameSync(from, to);
  };
}

if (fault === 'erofs') {
  // A read-only mount: reads work, anything that creates, changes or removes fails.
  const writes = fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT;
  fs.openSync = (p, flags = 'r', ...rest) => {
    const writing = typeof flags === 'number' ? (flags & writes) !== 0 : /[wa+]/.test(flags);
    if (writing && inDir(p)) throw errno('EROFS', 'open', p);
    return openSync(p, flags, ...rest);
  };
  fs.mkdirSync = (p, ...rest) => {
    if (inDir(p) || path.resolve(String(p)) === path.resolve(dir)) {
      if (fs.existsSync(p)) return undefined;
      throw errno('EROFS', 'mkdir', p);
    }
    return mkdirSync(p, ...rest);
  };
  fs.mkdir = (p, ...rest) => {
    const callback = rest.pop();
    if (inDir(p)) return process.nextTick(callback, errno('EROFS', 'mkdir', p));
    return mkdir(p, ...rest, callback);
  };
}

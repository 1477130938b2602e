// Preloaded with `node --require` by tests that must know when a process has met a held lock, so
// they wait for that event instead of a fixed time: each time this process finds an entry's lock
// taken (proper-lockfile's mkdir of `<entry>.lock` fails with EEXIST), it appends its pid as one
// line to the file named by TRACE_LOCK_WAITS_FILE. proper-lockfile reaches mkdir through
// graceful-fs, which copies fs's functions when it loads, after this preload has wrapped them.
const fs = require('node:fs');
const { mkdir } = fs;
fs.mkdir = function tracedMkdir(path, ...rest) {
  const callback = rest.pop();
  return mkdir.call(this, path, ...rest, (error, ...results) => {
    if (error?.code === 'EEXIST' && String(path).endsWith('.lock')) {
      fs.appendFileSync(process.env.TRACE_LOCK_WAITS_FILE, `${process.pid}\n`);
    }
    callback(error, ...results);
  });
};

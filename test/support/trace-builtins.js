// Preloaded with `node --require` by the hit-path test: at exit, writes the built-in modules this
// process loaded beyond a bare `node` start to the file named by TRACE_BUILTINS_FILE.
const { writeFileSync } = require('node:fs');
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => !before.has(m));
  writeFileSync(process.env.TRACE_BUILTINS_FILE, JSON.stringify(loaded));
});

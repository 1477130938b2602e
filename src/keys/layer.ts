// `sts-refresh keys`: built as a layer of its own (scripts/build.mjs), loaded only when it runs.
export { keysCommand } from '../commands/keys';

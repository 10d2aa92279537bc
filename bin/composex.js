#!/usr/bin/env node
'use strict';
// Node ≥ 22.1 keeps compiled JavaScript between runs (aws-cdk-lib is most of start-up); older
// Node has no such cache and skips this. The cache goes where NODE_COMPILE_CACHE says, else tmp.
const { enableCompileCache } = require('module');
if (typeof enableCompileCache === 'function') {
  try {
    enableCompileCache();
  } catch {
    // an optimization only
  }
}
// The CLI entry point; the TypeScript sources are compiled to dist/ by `npm install` (prepare).
require('../dist/src/cli/main.js').main(process.argv).then((code) => {
  process.exitCode = code;
});

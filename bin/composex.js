#!/usr/bin/env node
'use strict';
// Node ≥ 22.1 keeps compiled JavaScript between runs (aws-cdk-lib is most of start-up); older
// Node has no such cache: composex keeps one itself (dist/src/cli/compile-cache.js), except for
// a large project, where it costs more than it saves (dist/src/cli/large-project.js). Node's
// goes where NODE_COMPILE_CACHE says, else tmp.
const { enableCompileCache } = require('module');
try {
  if (typeof enableCompileCache === 'function') enableCompileCache();
  else if (!require('../dist/src/cli/large-project.js').isLargeProject(process.argv.slice(2), process.env, process.cwd())) {
    require('../dist/src/cli/compile-cache.js').installCompileCache();
  }
} catch {
  // an optimization only
}
// The CLI entry point; the TypeScript sources are compiled to dist/ by `npm install` (prepare).
require('../dist/src/cli/main.js').main(process.argv).then((code) => {
  process.exitCode = code;
});

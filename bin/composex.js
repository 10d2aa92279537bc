#!/usr/bin/env node
'use strict';
// The CLI entry point; the TypeScript sources are compiled to dist/ by `npm install` (prepare).
require('../dist/src/cli/main.js').main(process.argv).then((code) => {
  process.exitCode = code;
});

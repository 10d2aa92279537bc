/**
 * Writes docs/compose-support.md from the key classification in src/compose/keys.ts.
 *
 * scripts/ is outside the TypeScript build, so compile this file on its own and run it from the
 * repository root (the command is also at the top of the generated file):
 *
 *   npx tsc --outDir /tmp/cx-gen --rootDir . --module commonjs --target ES2022 --esModuleInterop \
 *     --skipLibCheck --types node scripts/gen-compose-support.ts && node /tmp/cx-gen/scripts/gen-compose-support.js
 *
 * test/compose/keys.test.ts renders the same text in memory and fails when the file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderSupportTable } from '../src/compose/keys-doc';

const target = path.resolve(process.argv[2] ?? path.join('docs', 'compose-support.md'));
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderSupportTable());
console.log(`wrote ${path.relative(process.cwd(), target)}`);

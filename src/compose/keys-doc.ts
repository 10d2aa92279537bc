/**
 * docs/compose-support.md, generated from the key table of keys.ts
 * (`npx ts-node scripts/gen-compose-support.ts`).
 */
import { DEPLOY_KEYS, KeyRule, SERVICE_KEYS } from './keys';

export const SUPPORT_DOC_HEADER = `<!-- Generated from src/compose/keys.ts by scripts/gen-compose-support.ts. Do not edit by hand:
     regenerate with  npx tsc --outDir /tmp/cx-gen --rootDir . --module commonjs --target ES2022 --esModuleInterop --skipLibCheck --types node scripts/gen-compose-support.ts && node /tmp/cx-gen/scripts/gen-compose-support.js
     (test/compose/keys.test.ts fails when this file and keys.ts disagree). -->`;

/** docs/compose-support.md, from the tables above. */
export function renderSupportTable(): string {
  const lines = [
    SUPPORT_DOC_HEADER,
    '',
    '# Compose support',
    '',
    'Every key of a Compose service is in exactly one class:',
    '',
    '- **mapped**: composex turns it into part of the deployment (the third column says what);',
    '- **ignored**: it has no meaning on ECS; composex warns (`CX1302`) with the reason and carries on;',
    '- **rejected**: ECS cannot honour it and the application would not work as written; composex stops with an error (`CX1301`) that says what to do instead.',
    '',
    'Some keys depend on their value; those cases are listed under the key. `x-` keys are extensions and are read by the stage that owns them. Keys Compose does not know are errors (`CX1201`).',
    '',
    '## Service keys',
    '',
    ...table(SERVICE_KEYS),
    '',
    '## `deploy` keys',
    '',
    ...table(DEPLOY_KEYS),
    '',
  ];
  return lines.join('\n');
}

function table(rules: Readonly<Record<string, KeyRule>>): string[] {
  const rows = ['| key | class | what it becomes / why |', '|---|---|---|'];
  for (const key of Object.keys(rules).sort()) {
    const rule = rules[key];
    const parts = [cell(rule.class === 'mapped' ? (rule.ecs ?? '') : withHint(rule.reason ?? '', rule.hint))];
    for (const v of rule.values ?? []) parts.push(`${v.when}: **${v.class}** — ${cell(withHint(v.reason, v.hint))}`);
    rows.push(`| \`${key}\` | ${rule.class} | ${parts.join('<br>')} |`);
  }
  return rows;
}

function withHint(reason: string, hint?: string): string {
  return hint ? `${reason} *Instead:* ${hint}.` : reason;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

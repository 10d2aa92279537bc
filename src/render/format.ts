/**
 * Template serialization, byte-stable: JSON with two-space indent, or YAML.
 *
 * YAML keeps the intrinsic functions in their long form (`Fn::GetAtt:`), so no custom tags are
 * needed, and is written with the YAML 1.1 rules CloudFormation's parser follows: a string that
 * 1.1 would read as something else (`yes`, `on`, `2012-10-17`, `1:20`, `0755`) is quoted.
 */
import { Document, parse, visit } from 'yaml';
import type { Template, TemplateFormat } from './types';

const YAML_VERSION = '1.1' as const;

/** Strings YAML 1.1 gives a meaning even in a plain scalar, which the `yaml` package leaves unquoted. */
const YAML_11_SPECIAL = new Set(['=', '<<']);
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * CloudFormation reads a template from S3 up to 1 MB; counted in decimal to be safe. A template
 * that would be larger when indented is written compact (JSON, which is also valid YAML).
 */
export const MAX_TEMPLATE_BYTES = 1_000_000;

export function serializeTemplate(template: unknown, format: TemplateFormat): string {
  const readable = format === 'json' ? JSON.stringify(template, null, 2) + '\n' : yamlText(template);
  return Buffer.byteLength(readable) <= MAX_TEMPLATE_BYTES ? readable : JSON.stringify(template) + '\n';
}

function yamlText(template: unknown): string {
  const doc = new Document(template, {
    version: YAML_VERSION,
    aliasDuplicateObjects: false,
    // Without this, the 1.1 schema writes the string `<<` as a bare merge key whatever its style.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== MERGE_TAG),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && YAML_11_SPECIAL.has(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, blockQuote: 'literal' });
}

/** Reads a template written by `serializeTemplate` (either format). */
export function parseTemplate(content: string, format: TemplateFormat): Template {
  if (format === 'json') return JSON.parse(content) as Template;
  return parse(content, { version: YAML_VERSION }) as Template;
}

import { stringify } from 'yaml';
import { MAX_TEMPLATE_BYTES, parseTemplate, serializeTemplate } from '../../src/render/format';

describe('template size', () => {
  // Indented, over 1,000,000 bytes as JSON and as YAML; compact JSON, about 850 KB.
  const big = {
    Resources: Object.fromEntries(
      Array.from({ length: 4200 }, (_, i) => [
        `Queue${i}`,
        { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`Q${i}`, 'Arn'] }, maxReceiveCount: 5 }, Tags: [{ Key: 'a', Value: 'b' }, { Key: 'c', Value: 'd' }] } },
      ]),
    ),
  };

  test.each(['json', 'yaml'] as const)('%s: indented while within 1,000,000 bytes, compact JSON past it, the same template either way', (format) => {
    const small = { Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Tags: [] } } } };
    expect(serializeTemplate(small, format)).toContain('\n  ');
    const readable = format === 'json' ? JSON.stringify(big, null, 2) : stringify(big);
    expect(Buffer.byteLength(readable)).toBeGreaterThan(MAX_TEMPLATE_BYTES);
    const text = serializeTemplate(big, format);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_TEMPLATE_BYTES);
    expect(text.split('\n')).toHaveLength(2); // one line and the final newline
    expect(parseTemplate(text, format)).toEqual(big);
  });
});

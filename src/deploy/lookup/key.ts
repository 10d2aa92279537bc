/**
 * Lookup of an existing x-kms key by tags: ListKeys (read whole: paginated), then for each key
 * DescribeKey (only enabled customer-managed keys: an AWS managed key cannot be granted through
 * IAM alone and is never named by tags) and its tags with ListResourceTags (paginated). The answer
 * is the key ARN IAM policies name (never an alias) and the aliases pointing at it (ListAliases).
 */
import { DescribeKeyCommand, KMSClient, ListResourceTagsCommand, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import type { MessagingAnswer } from '../../resolve/lock';
import type { LookupRequest } from '../../resolve/lookups';
import { Candidate, exactlyOne, hasTags, tagsOf } from './match';

export interface KeyClients {
  readonly kms: KMSClient;
}

async function keyTags(kms: KMSClient, keyId: string): Promise<{ Key?: string; Value?: string }[]> {
  const list: { Key?: string; Value?: string }[] = [];
  let Marker: string | undefined;
  do {
    const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, ...(Marker ? { Marker } : {}) }));
    list.push(...(page.Tags ?? []).map((t) => ({ Key: t.TagKey, Value: t.TagValue })));
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return list;
}

export async function lookupKey(request: LookupRequest, clients: KeyClients): Promise<MessagingAnswer> {
  if (request.query.kind !== 'key') throw new Error('not a key lookup');
  const selector = request.query.resource;
  if (!('tags' in selector)) throw new Error('internal: a key is looked up by tags only');
  const ids: string[] = [];
  for await (const page of paginateListKeys({ client: clients.kms }, {})) ids.push(...(page.Keys ?? []).map((k) => k.KeyId ?? '').filter(Boolean));
  const candidates: Candidate[] = [];
  for (const id of ids) {
    const metadata = (await clients.kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata;
    if (!metadata?.Arn || metadata.KeyManager !== 'CUSTOMER' || metadata.KeyState !== 'Enabled') continue;
    const tags = tagsOf(await keyTags(clients.kms, id));
    if (hasTags(tags, selector.tags)) candidates.push({ name: metadata.KeyId ?? id, arn: metadata.Arn, tags });
  }
  const found = exactlyOne(request, 'KMS key', selector, candidates);
  const aliases: string[] = [];
  for await (const page of paginateListAliases({ client: clients.kms }, { KeyId: found.name })) aliases.push(...(page.Aliases ?? []).map((a) => a.AliasName ?? '').filter(Boolean));
  return { name: aliases.sort()[0] ?? found.name, arn: found.arn };
}

/**
 * Logical ids of the resources built from x- definitions, in one place: the stacks name their
 * resources with them, and the render stage maps validator findings back to the compose file
 * through them (src/render/raw-properties.ts).
 */
export const queueId = (queue: { readonly logicalId: string }) => `Queue${queue.logicalId}`;
export const topicId = (topic: { readonly logicalId: string }) => `Topic${topic.logicalId}`;
export const subscriptionId = (queue: { readonly logicalId: string }, topic: { readonly logicalId: string }) => `${queueId(queue)}SubscriptionTo${topic.logicalId}`;
export const databaseId = (db: { readonly logicalId: string }) => `Database${db.logicalId}`;

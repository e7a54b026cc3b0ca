// What the learning fixtures' traffic (test/fixtures/learn-capture/client.mjs) teaches, shared by
// the suites that check it under Node and under Deno.

/** The schema of a request body or response under one media type. */
export const mediaSchema = (part, type = 'application/json') => part?.content?.[type]?.schema;

/** The user object the fixtures answer: every field in every sample, `manager` always null. */
export const USER = {
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    id: { type: 'string' },
    manager: { type: 'null' },
    name: { type: 'string' },
    score: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['active', 'id', 'manager', 'name', 'score', 'tags'],
};

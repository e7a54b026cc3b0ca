// Shared by the learn-* suites: Exchanges written by hand (the capture that makes them from real
// requests is built beside this learner, in src/learn/capture; until it lands, these stand in for
// it and say exactly what the contract in src/learn/exchange.ts allows), a seeded random source
// and a shuffle, for the determinism properties.

/** An Exchange with the defaults of a GET answered 204: pass what differs. */
export function exchange(fields) {
  return {
    method: 'get',
    path: '/',
    pathParams: {},
    query: {},
    headerNames: [],
    credentials: [],
    requestBody: { kind: 'empty' },
    status: 204,
    responseBody: { kind: 'empty' },
    ...fields,
  };
}

export const json = (value, mediaType = 'application/json') => ({ kind: 'json', mediaType, value });

/** mulberry32: a small seeded generator, so a failing order can be replayed from its seed. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher-Yates with the seeded source). */
export function shuffle(items, next) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Splits items into `parts` consecutive groups of random sizes (the workers of a test run). */
export function split(items, parts, next) {
  const cuts = Array.from({ length: parts - 1 }, () => Math.floor(next() * (items.length + 1))).sort((a, b) => a - b);
  const groups = [];
  let start = 0;
  for (const cut of [...cuts, items.length]) {
    groups.push(items.slice(start, cut));
    start = cut;
  }
  return groups;
}

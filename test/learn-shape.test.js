// Shape inference (src/learn/shape.ts): the JSON Schema a careful person would write from
// samples, and the properties the store relies on: merging is commutative and associative,
// adding a sample in place equals merging its shape, and a shape's size follows the structure,
// not the number of samples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addSample, emptyShape, MAX_DEPTH, MAX_PROPERTIES, mergeShapes, shapeFromJson, shapeToJson, shapeToSchema, summarize } from '../dist/learn/shape.js';
import { random, shuffle } from './helpers/learn.js';

/** The schema of several samples, added one by one. */
function schemaOf(samples, options) {
  const shape = emptyShape();
  for (const sample of samples) addSample(shape, sample, options);
  return shapeToSchema(shape, options);
}

test('integer unless some sample has a fraction; null beside the other types', () => {
  assert.equal(schemaOf([1, 2, -7]), { type: 'integer' });
  assert.equal(schemaOf([1, 2.5]), { type: 'number' });
  assert.equal(schemaOf(['a', null]), { type: ['string', 'null'] });
  assert.equal(schemaOf([1, 'a', true, null]), { type: ['string', 'integer', 'boolean', 'null'] });
  assert.equal(schemaOf([null]), { type: 'null' });
});

test('required = present in every sample of that object; properties and required sorted', () => {
  const schema = schemaOf([{ b: 1, a: 'x', c: null }, { a: 'y', b: 2 }, { b: 3, a: 'z', d: true }]);
  assert.equal(schema, {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'null' }, d: { type: 'boolean' } },
    required: ['a', 'b'],
  });
  // An object that is sometimes null: required counts the objects, not the nulls.
  assert.equal(schemaOf([{ a: 1 }, null]), { type: ['object', 'null'], properties: { a: { type: 'integer' } }, required: ['a'] });
});

test("arrays' items are merged across all samples; arrays only ever empty have no items", () => {
  assert.equal(schemaOf([[1, 2], [3.5], []]), { type: 'array', items: { type: 'number' } });
  assert.equal(schemaOf([[{ id: 1 }], [{ id: 2, tag: 'x' }]]), {
    type: 'array',
    items: { type: 'object', properties: { id: { type: 'integer' }, tag: { type: 'string' } }, required: ['id'] },
  });
  assert.equal(schemaOf([[], []]), { type: 'array' });
});

test('a format only when every string sample matches it', () => {
  assert.equal(schemaOf(['2024-01-02T03:04:05Z', '2023-12-31T23:59:59.123+02:00']), { type: 'string', format: 'date-time' });
  assert.equal(schemaOf(['2024-01-02', '1999-02-28']), { type: 'string', format: 'date' });
  assert.equal(schemaOf(['ann@example.org', 'bob@example.com']), { type: 'string', format: 'email' });
  assert.equal(schemaOf(['3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e']), { type: 'string', format: 'uuid' });
  assert.equal(schemaOf(['https://example.org/a', 'mailto:x@example.org']), { type: 'string', format: 'uri' });
  assert.equal(schemaOf(['2024-01-02', 'tomorrow']), { type: 'string' }, 'one non-date: no format');
  assert.equal(schemaOf(['2024-02-30']), { type: 'string' }, 'not a real date');
  assert.equal(schemaOf(['ann@example.org', null]), { type: ['string', 'null'], format: 'email' });
});

test('never an enum, a const, an example or any value from the samples', () => {
  const samples = [{ plan: 'free', n: 3 }, { plan: 'pro', n: 3 }, { plan: 'free', n: 3 }];
  // (counts are numbers too: the check looks for the values as JSON strings and for value keywords)
  const text = JSON.stringify(schemaOf(samples)) + JSON.stringify(shapeToJson(summarize(samples)));
  for (const value of ['"free"', '"pro"', 'enum', 'const', 'example', 'default']) assert.not.ok(text.includes(value), `${value} in ${text}`);
});

test('objects used as maps: keys that are ids become additionalProperties, and the keys are not kept', () => {
  const byId = { 1017: { name: 'a' }, 2044: { name: 'b', admin: true } };
  const byUuid = { '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e': 5, '9a1b2c3d-0000-4c55-8a0e-2d4f6b8c0a1e': 6 };
  const byDate = { '2024-01-01': 3, '2024-01-02': 4 };
  const byEmail = { 'ann@example.org': 'x' };
  assert.equal(schemaOf([{ users: byId }]).properties.users, {
    type: 'object',
    additionalProperties: { type: 'object', properties: { admin: { type: 'boolean' }, name: { type: 'string' } }, required: ['name'] },
  });
  assert.equal(schemaOf([byUuid]), { type: 'object', additionalProperties: { type: 'integer' } });
  assert.equal(schemaOf([byDate]), { type: 'object', additionalProperties: { type: 'integer' } });
  const stored = JSON.stringify(shapeToJson(summarize([byId, byUuid, byDate, byEmail])));
  for (const key of ['1017', '2044', '3f2c6a1e', '2024-01-01', 'ann@example.org']) assert.not.ok(stored.includes(key), `${key} kept`);
  // Named fields beside id keys stay properties.
  assert.equal(schemaOf([{ total: 2, 1017: 'x' }]), { type: 'object', properties: { total: { type: 'integer' } }, required: ['total'], additionalProperties: { type: 'string' } });
});

test(`more than ${MAX_PROPERTIES} distinct field names in one position make a map, in any order of samples`, () => {
  const samples = Array.from({ length: 30 }, (_, i) => Object.fromEntries(Array.from({ length: 5 }, (__, j) => [`name_${String.fromCharCode(97 + ((i * 5 + j) % 26))}${String.fromCharCode(97 + Math.floor((i * 5 + j) / 26))}`, j])));
  const names = new Set(samples.flatMap(Object.keys));
  assert.ok(names.size > MAX_PROPERTIES);
  const expected = { type: 'object', additionalProperties: { type: 'integer' } };
  assert.equal(schemaOf(samples), expected);
  const next = random(7);
  for (let round = 0; round < 5; round++) assert.equal(schemaOf(shuffle(samples, next)), expected);
  // Below the limit, the same names are properties.
  assert.ok(schemaOf(samples.slice(0, 10)).properties);
});

test(`nesting is cut at ${MAX_DEPTH} levels and the schema says so`, () => {
  let deep = { leaf: 'x' };
  for (let i = 0; i < MAX_DEPTH + 5; i++) deep = { next: deep };
  let schema = schemaOf([deep]);
  let depth = 0;
  while (schema.properties?.next) {
    schema = schema.properties.next;
    depth++;
  }
  // The values down to MAX_DEPTH levels below the top are described; the next level is cut.
  assert.is(depth, MAX_DEPTH + 1);
  assert.equal(schema, { description: `Not learned: nested deeper than ${MAX_DEPTH} levels`, 'x-docgen-learned-depth-limit': MAX_DEPTH });
});

test('values from the wire (parameters, form fields): one type for all, string as soon as they disagree', () => {
  const wire = { wire: true };
  assert.equal(schemaOf(['1', '42', '-3'], wire), { type: 'integer' });
  assert.equal(schemaOf(['1', '4.5'], wire), { type: 'number' });
  assert.equal(schemaOf(['true', 'false'], wire), { type: 'boolean' });
  assert.equal(schemaOf(['1', 'abc'], wire), { type: 'string' });
  assert.equal(schemaOf(['007'], wire), { type: 'string' }, 'a leading zero is an identifier, not a number');
  assert.equal(schemaOf(['12345678901234567890'], wire), { type: 'string' }, 'beyond a double: a string');
  assert.equal(schemaOf(['2024-01-02', '2024-03-04'], wire), { type: 'string', format: 'date' });
  assert.equal(schemaOf([['a', 'b'], 'c'], wire), { type: 'array', items: { type: 'string' } }, 'a repeated key is an array, a single value one item');
  assert.equal(schemaOf([{ age: '42', name: 'x' }, { age: '7' }], wire), { type: 'object', properties: { age: { type: 'integer' }, name: { type: 'string' } }, required: ['age'] });
});

// ---- merge properties ----

/** A pseudo-random JSON value of bounded size, drawn from a small vocabulary so that shapes overlap. */
function value(next, depth = 0) {
  const r = next();
  if (depth > 3 || r < 0.3) {
    const scalars = [null, true, false, 0, 7, -2, 1.5, 'a', '2024-01-02', 'x@example.org', '2024-01-02T00:00:00Z', 'https://example.org', '3f2c6a1e-9b7d-4c55-8a0e-2d4f6b8c0a1e'];
    return scalars[Math.floor(next() * scalars.length)];
  }
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  const keys = ['id', 'name', 'tags', 'owner', 'meta', '1017', 'created'];
  const out = {};
  for (const key of keys) if (next() < 0.4) out[key] = value(next, depth + 1);
  return out;
}

const text = (shape) => JSON.stringify(shapeToJson(shape));

test('merge is commutative and associative, and adding in place equals merging the sample\'s shape (seeded)', () => {
  const next = random(20240601);
  for (let round = 0; round < 200; round++) {
    const [a, b, c] = [summarize(value(next)), summarize(value(next)), summarize(value(next))];
    assert.is(text(mergeShapes(a, b)), text(mergeShapes(b, a)), `commutative, round ${round}`);
    assert.is(text(mergeShapes(mergeShapes(a, b), c)), text(mergeShapes(a, mergeShapes(b, c))), `associative, round ${round}`);
    const sample = value(next);
    const inPlace = mergeShapes(a, emptyShape());
    addSample(inPlace, sample);
    assert.is(text(inPlace), text(mergeShapes(a, summarize(sample))), `in place, round ${round}`);
  }
  // mergeShapes leaves its inputs as they were.
  const a = summarize({ x: [1] });
  const before = text(a);
  mergeShapes(a, summarize({ x: ['s'], y: 2 }));
  assert.is(text(a), before);
});

test('the same multiset of samples in any order gives byte-identical shapes and schemas', () => {
  const next = random(99);
  const samples = Array.from({ length: 60 }, () => value(next));
  const reference = text(samples.reduce((shape, sample) => (addSample(shape, sample), shape), emptyShape()));
  for (let round = 0; round < 25; round++) {
    const order = shuffle(samples, next);
    const shape = emptyShape();
    for (const sample of order) addSample(shape, sample);
    assert.is(text(shape), reference, `order ${round}`);
  }
});

test("a shape's size follows the structure, not the number of samples", () => {
  const next = random(3);
  const record = () => ({ id: Math.floor(next() * 1e6), name: `user-${Math.floor(next() * 1e6)}`, score: next() * 100, tags: ['a', 'b'].slice(0, Math.floor(next() * 3)), byDay: { [`2024-01-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`]: 1 } });
  const small = emptyShape();
  const large = emptyShape();
  for (let i = 0; i < 10; i++) addSample(small, record());
  for (let i = 0; i < 20000; i++) addSample(large, record());
  const digitsOnly = (s) => s.replace(/\d+/g, '0');
  assert.is(digitsOnly(text(large)), digitsOnly(text(small)), 'only the counts differ');
  assert.ok(text(large).length < text(small).length + 100);
});

test('a shape survives the store format; a broken one is refused with the place that is wrong', () => {
  // A body can have a "__proto__" key (JSON.parse makes it an own property): it is a plain field name.
  const shape = summarize([JSON.parse('{ "a": 1, "__proto__": { "b": "x@example.org" }, "constructor": [null] }')]);
  const round = shapeFromJson(JSON.parse(text(shape)), '');
  assert.is(text(round), text(shape));
  assert.equal(Object.getOwnPropertyDescriptor(shapeToSchema(round).items.properties, '__proto__')?.value, { type: 'object', properties: { b: { type: 'string', format: 'email' } }, required: ['b'] });
  assert.throws(() => shapeFromJson({ count: -1 }, '/x'), /\/x\/count: expected a count/);
  assert.throws(() => shapeFromJson({ count: 1, string: { count: 1, formats: ['color'] } }, ''), /\/string\/formats/);
  assert.throws(() => shapeFromJson({ count: 1, object: { count: 1, properties: { a: 'x' } } }, ''), /\/object\/properties\/a: expected an object/);
});

test.run();

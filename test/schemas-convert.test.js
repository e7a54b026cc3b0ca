// The schema converters and components, in process (no app): docgen's own converters for zod 3
// and joi 17, the library converters' lenient second pass, what cannot be converted, and how
// components are named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Joi from 'joi';
import { z } from 'zod';
import { z as z3 } from 'zod3';
import * as v from 'valibot';
import { createRequire } from 'node:module';
import { convertSchema } from '../dist/schemas/convert/index.js';
import { ComponentSchemas } from '../dist/schemas/components.js';

const require = createRequire(import.meta.url);
const packages = { require: (id) => require(id) };
const noPackages = { require: (id) => { throw new Error(`Cannot find module '${id}'`); } };

test('zod 3: objects, optional and default, enums, tuples, records, unions, intersections', () => {
  const schema = z3.object({
    id: z3.string().uuid(),
    count: z3.number().int().min(0).max(10),
    ratio: z3.number().gt(0).lt(1),
    status: z3.enum(['on', 'off']).default('on'),
    kind: z3.nativeEnum({ A: 'a', B: 'b' }),
    pair: z3.tuple([z3.string(), z3.number()]),
    map: z3.record(z3.boolean()),
    either: z3.discriminatedUnion('t', [z3.object({ t: z3.literal('x') }), z3.object({ t: z3.literal('y') })]),
    both: z3.intersection(z3.object({ a: z3.string() }), z3.object({ b: z3.string() })),
    strict: z3.object({ k: z3.string() }).strict(),
    maybe: z3.string().optional(),
  });
  const input = convertSchema(schema, 'input', packages);
  assert.is(input.library, 'zod 3');
  assert.equal(input.problems, []);
  assert.equal(input.schema, {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      count: { type: 'integer', minimum: 0, maximum: 10 },
      ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      status: { type: 'string', enum: ['on', 'off'], default: 'on' },
      kind: { enum: ['a', 'b'] },
      pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false, minItems: 2 },
      map: { type: 'object', additionalProperties: { type: 'boolean' } },
      either: { oneOf: [{ type: 'object', properties: { t: { const: 'x' } }, required: ['t'] }, { type: 'object', properties: { t: { const: 'y' } }, required: ['t'] }] },
      both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] }] },
      strict: { type: 'object', properties: { k: { type: 'string' } }, required: ['k'], additionalProperties: false },
      maybe: { type: 'string' },
    },
    required: ['id', 'count', 'ratio', 'kind', 'pair', 'map', 'either', 'both', 'strict'],
  });
  // A default makes a field optional in a request, present in a response.
  assert.ok(convertSchema(schema, 'output', packages).schema.required.includes('status'));
});

test('zod 3: what JSON Schema cannot say is {} and a problem; a transform only matters for responses', () => {
  const schema = z3.object({ when: z3.date(), big: z3.bigint(), length: z3.string().transform((s) => s.length) });
  const input = convertSchema(schema, 'input', packages);
  assert.equal(input.schema.properties, { when: {}, big: {}, length: { type: 'string' } });
  assert.equal(input.problems, ['z.date() has no JSON Schema form (a Date is not JSON)', 'z.bigint() has no JSON Schema form']);
  assert.ok(convertSchema(schema, 'output', packages).problems.includes('a transform (.transform()) has no JSON Schema for what it returns'));
});

test('zod 3: a recursive schema stops where it recurs, reported', () => {
  const Node = z3.lazy(() => z3.object({ name: z3.string(), children: z3.array(Node) }));
  const result = convertSchema(Node, 'input', packages);
  assert.equal(result.schema, { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: {} } }, required: ['name', 'children'] });
  assert.equal(result.problems, ['a recursive schema (z.lazy) is documented as {} where it recurs']);
});

test("joi 17 (no converter of its own): docgen's converter of describe()", () => {
  const schema = Joi.object({
    name: Joi.string().min(2).required().label('Name'),
    tags: Joi.array().items(Joi.string()).max(3).unique(),
    level: Joi.number().integer().greater(0).default(1),
    note: Joi.string().allow(null, ''),
    kind: Joi.string().valid('a', 'b'),
    secret: Joi.any().forbidden(),
  }).meta({ className: 'Thing' });
  // joi 17 schemas have describe() and no Standard JSON Schema.
  const joi17 = { describe: () => schema.describe(), $_root: {} };
  const result = convertSchema(joi17, 'input', packages);
  assert.is(result.library, 'joi');
  assert.is(result.name, 'Thing');
  assert.equal(result.schema, {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, title: 'Name' },
      tags: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 3, uniqueItems: true },
      level: { type: 'integer', exclusiveMinimum: 0, default: 1 },
      note: { anyOf: [{ type: 'string' }, { enum: [null, ''] }] },
      kind: { type: 'string', enum: ['a', 'b'] },
    },
    required: ['name'],
    additionalProperties: false,
  });
});

test("joi 18 converts itself; what it drops silently (.custom(), .when()) is still reported", () => {
  const schema = Joi.object({ a: Joi.string().custom((x) => x), b: Joi.when('a', { is: 'x', then: Joi.string() }) });
  const result = convertSchema(schema, 'input', packages);
  assert.equal(result.problems, ['a .custom() rule at a has no JSON Schema form (documented without it)', 'a .when() condition at b has no JSON Schema form (documented as its alternatives)']);
  assert.is(result.schema.type, 'object');
});

test('zod 4: a strict failure is reported and the lenient conversion keeps the rest', () => {
  const result = convertSchema(z.object({ a: z.string(), at: z.date() }), 'input', packages);
  assert.is(result.library, 'zod');
  assert.equal(result.problems, ['Date cannot be represented in JSON Schema']);
  assert.equal(result.schema, { type: 'object', properties: { a: { type: 'string' }, at: {} }, required: ['a', 'at'] });
});

test("valibot without the app's @valibot/to-json-schema: reported, nothing guessed", () => {
  const result = convertSchema(v.object({ a: v.string() }), 'input', noPackages);
  assert.is(result.library, 'valibot');
  assert.is(result.schema, undefined);
  assert.equal(result.problems, ['valibot converts to JSON Schema with @valibot/to-json-schema, which the app does not have installed']);
});

test('a value of no known library is reported', () => {
  const result = convertSchema({ type: 'string' }, 'input', packages);
  assert.is(result.schema, undefined);
  assert.match(result.problems[0], /not a schema of a library docgen knows/);
});

test('components: converter $defs are lifted and references rewritten; equal schemas share a name, different ones get _2', () => {
  const components = new ComponentSchemas();
  const Tree = z.object({ name: z.string(), get children() { return z.array(Tree); } }).meta({ id: 'Tree' });
  const first = components.lift(convertSchema(z.object({ root: Tree }), 'input', packages), undefined, () => 'Unused');
  assert.equal(first, { type: 'object', properties: { root: { $ref: '#/components/schemas/Tree' } }, required: ['root'] });
  assert.equal(components.get('Tree').properties.children.items, { $ref: '#/components/schemas/Tree' });
  // The same definition again: the same component.
  components.lift(convertSchema(z.object({ other: Tree }), 'input', packages), undefined, () => 'Unused');
  // Another schema under the same name: a second component.
  const Other = z.object({ x: z.number() }).meta({ id: 'Tree' });
  assert.equal(components.lift(convertSchema(Other, 'input', packages), undefined, () => 'Unused'), { $ref: '#/components/schemas/Tree_2' });
  assert.equal(Object.keys(components.referenced({ a: { $ref: '#/components/schemas/Tree_2' } })), ['Tree_2']);
});

test('components: a schema that refers to its own root (#) becomes a component', () => {
  const components = new ComponentSchemas();
  const Node = z.object({ name: z.string(), get children() { return z.array(Node); } });
  const ref = components.lift(convertSchema(Node, 'input', packages), undefined, () => 'NodeBody');
  assert.equal(ref, { $ref: '#/components/schemas/NodeBody' });
  assert.equal(components.get('NodeBody').properties.children.items, { $ref: '#/components/schemas/NodeBody' });
});

test.run();

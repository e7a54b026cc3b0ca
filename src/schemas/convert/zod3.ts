/**
 * zod 3 has no JSON Schema converter of its own: docgen reads its schema definitions (`_def`),
 * which are public and stable across 3.x. What JSON Schema cannot say (dates, bigints,
 * transforms of a response) becomes `{}` and a problem.
 */
import type { JsonSchema, JsonValue } from '../json-schema.js';
import { toJson } from '../json-schema.js';
import type { Direction } from './types.js';

interface ZodDef {
  typeName?: string;
  description?: string;
  [key: string]: unknown;
}
interface Zod3 {
  _def: ZodDef;
}
interface Check {
  kind: string;
  value?: unknown;
  inclusive?: boolean;
  regex?: RegExp;
}

export function isZod3(schema: unknown): schema is Zod3 {
  const def = (schema as { _def?: { typeName?: unknown } } | undefined)?._def;
  return !!def && typeof def.typeName === 'string' && def.typeName.startsWith('Zod') && !('_zod' in (schema as object));
}

const STRING_FORMATS: Record<string, string> = { email: 'email', url: 'uri', uuid: 'uuid', datetime: 'date-time', date: 'date', time: 'time', duration: 'duration' };

export function fromZod3(schema: Zod3, direction: Direction, problems: string[]): JsonSchema {
  const stack = new Set<object>();
  const problem = (text: string): JsonSchema => {
    if (!problems.includes(text)) problems.push(text);
    return {};
  };

  const visit = (node: unknown): JsonSchema => {
    if (!isZod3(node)) return problem('a value that is not a zod 3 schema');
    if (stack.has(node)) return problem('a recursive schema (z.lazy) is documented as {} where it recurs');
    stack.add(node);
    try {
      const out = convert(node._def);
      if (node._def.description && out.description === undefined) out.description = node._def.description;
      return out;
    } finally {
      stack.delete(node);
    }
  };

  const convert = (def: ZodDef): JsonSchema => {
    const checks = (Array.isArray(def.checks) ? def.checks : []) as Check[];
    switch (def.typeName) {
      case 'ZodString': {
        const out: JsonSchema = { type: 'string' };
        for (const check of checks) {
          if (check.kind === 'min') out.minLength = Number(check.value);
          else if (check.kind === 'max') out.maxLength = Number(check.value);
          else if (check.kind === 'length') out.minLength = out.maxLength = Number(check.value);
          else if (check.kind === 'regex' && check.regex instanceof RegExp) out.pattern = check.regex.source;
          else if (STRING_FORMATS[check.kind]) out.format = STRING_FORMATS[check.kind]!;
          else if (check.kind === 'startsWith') out.pattern = `^${escape(String(check.value))}`;
          else if (check.kind === 'endsWith') out.pattern = `${escape(String(check.value))}$`;
        }
        return out;
      }
      case 'ZodNumber': {
        const out: JsonSchema = { type: checks.some((c) => c.kind === 'int') ? 'integer' : 'number' };
        for (const check of checks) {
          if (check.kind === 'min') out[check.inclusive === false ? 'exclusiveMinimum' : 'minimum'] = Number(check.value);
          else if (check.kind === 'max') out[check.inclusive === false ? 'exclusiveMaximum' : 'maximum'] = Number(check.value);
          else if (check.kind === 'multipleOf') out.multipleOf = Number(check.value);
        }
        return out;
      }
      case 'ZodBoolean':
        return { type: 'boolean' };
      case 'ZodNull':
        return { type: 'null' };
      case 'ZodAny':
      case 'ZodUnknown':
        return {};
      case 'ZodNever':
        return { not: {} };
      case 'ZodLiteral': {
        const value = toJson(def.value);
        return value === undefined ? problem(`the literal ${String(def.value)} has no JSON form`) : { const: value };
      }
      case 'ZodEnum':
        return { type: 'string', enum: (def.values as string[]).slice() };
      case 'ZodNativeEnum': {
        const values = def.values as Record<string, string | number>;
        // TypeScript numeric enums map names to numbers and numbers back to names.
        const enumValues = Object.keys(values)
          .filter((key) => typeof values[values[key]!] !== 'number')
          .map((key) => values[key]!);
        return { enum: [...new Set(enumValues)] };
      }
      case 'ZodArray': {
        const out: JsonSchema = { type: 'array', items: visit(def.type) };
        const bound = (key: string): number | undefined => (def[key] as { value?: number } | null | undefined)?.value;
        if (bound('minLength') !== undefined) out.minItems = bound('minLength')!;
        if (bound('maxLength') !== undefined) out.maxItems = bound('maxLength')!;
        if (bound('exactLength') !== undefined) out.minItems = out.maxItems = bound('exactLength')!;
        return out;
      }
      case 'ZodSet':
        return { type: 'array', items: visit(def.valueType), uniqueItems: true };
      case 'ZodTuple': {
        const items = (def.items as unknown[]).map(visit);
        return def.rest ? { type: 'array', prefixItems: items, items: visit(def.rest) } : { type: 'array', prefixItems: items, items: false, minItems: items.length };
      }
      case 'ZodObject': {
        const shape = (typeof def.shape === 'function' ? (def.shape as () => Record<string, unknown>)() : def.shape) as Record<string, unknown>;
        const properties: Record<string, JsonValue> = {};
        const required: string[] = [];
        for (const [key, value] of Object.entries(shape)) {
          properties[key] = visit(value);
          if (!isOptional(value, direction)) required.push(key);
        }
        const out: JsonSchema = { type: 'object', properties };
        if (required.length) out.required = required;
        const catchall = def.catchall as Zod3 | undefined;
        if (catchall && catchall._def.typeName !== 'ZodNever') out.additionalProperties = visit(catchall);
        else if (def.unknownKeys === 'strict') out.additionalProperties = false;
        return out;
      }
      case 'ZodRecord':
        return { type: 'object', additionalProperties: visit(def.valueType) };
      case 'ZodUnion':
        return { anyOf: (def.options as unknown[]).map(visit) };
      case 'ZodDiscriminatedUnion':
        return { oneOf: [...(def.options as Iterable<unknown>)].map(visit) };
      case 'ZodIntersection':
        return { allOf: [visit(def.left), visit(def.right)] };
      case 'ZodOptional':
        return visit(def.innerType);
      case 'ZodNullable':
        return { anyOf: [visit(def.innerType), { type: 'null' }] };
      case 'ZodDefault': {
        const inner = visit(def.innerType);
        const value = toJson(typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue);
        return value === undefined ? inner : { ...inner, default: value };
      }
      case 'ZodCatch':
      case 'ZodReadonly':
        return visit(def.innerType);
      case 'ZodBranded':
        return visit(def.type);
      case 'ZodLazy':
        return visit((def.getter as () => unknown)());
      case 'ZodPipeline':
        return visit(direction === 'input' ? def.in : def.out);
      case 'ZodEffects': {
        const effect = (def.effect as { type?: string } | undefined)?.type;
        if (effect === 'transform' && direction === 'output') return problem('a transform (.transform()) has no JSON Schema for what it returns');
        return visit(def.schema);
      }
      case 'ZodDate':
        return problem('z.date() has no JSON Schema form (a Date is not JSON)');
      case 'ZodBigInt':
        return problem('z.bigint() has no JSON Schema form');
      default:
        return problem(`${def.typeName ?? 'this zod type'} has no JSON Schema form`);
    }
  };

  return visit(schema);
}

function isOptional(schema: unknown, direction: Direction): boolean {
  const name = (schema as Zod3 | undefined)?._def.typeName;
  if (name === 'ZodOptional') return true;
  if (name === 'ZodDefault') return direction === 'input';
  if (name === 'ZodAny' || name === 'ZodUnknown') return true;
  if (name === 'ZodNullable' || name === 'ZodReadonly' || name === 'ZodCatch') return isOptional((schema as Zod3)._def.innerType, direction);
  if (name === 'ZodEffects') return isOptional((schema as Zod3)._def.schema, direction);
  return false;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A written TypeScript type as JSON Schema (the 2020-12 subset OpenAPI 3.1 uses), from the
 * syntax alone: no type checker, no program. What is converted:
 * - `string`, `number`, `boolean`, `null`; string, number and boolean literals (`const`);
 * - `T[]`, `Array<T>`, `ReadonlyArray<T>`, `readonly T[]`, fixed tuples `[A, B]`;
 * - unions: of literals to `enum`, of plain types to a `type` list, else `anyOf`; `undefined`
 *   members are dropped (an optional member says that already); intersections to `allOf`;
 * - type literals: properties (`?` optional, their JSDoc first line as description), a string
 *   index signature to `additionalProperties`; `Record<string, T>` and `Record<'a' | 'b', T>`;
 * - interfaces (with `extends` of the same file's), type aliases and enums with literal (or
 *   no) initializers, declared once at the top of the same file, without type parameters.
 * Anything else makes the whole type undefined, never a guess: imported and global types
 * (`Date`), generics (`Partial<T>`), `any`/`unknown`, methods, conditional, mapped and
 * template literal types, recursive types.
 */
import type * as TS from 'typescript';
import type { FileIndex, LocalTypeDeclaration } from './file-index.js';
import { parseDocComment } from './parse-comment.js';
import { leadingDocComment } from './doc-comment.js';
import { ts } from './source-cache.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export interface JsonSchema {
  type?: JsonType | JsonType[];
  const?: JsonPrimitive;
  enum?: JsonPrimitive[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | true;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

// Results per declaration: the same for every route (a recursive type fails from any entry).
const declarationSchemas = new WeakMap<LocalTypeDeclaration, JsonSchema | null>();

export function schemaOfType(index: FileIndex, node: TS.TypeNode): JsonSchema | undefined {
  return new Converter(index).convert(node);
}

class Converter {
  private readonly visiting = new Set<LocalTypeDeclaration>();
  private readonly t = ts();

  constructor(private readonly index: FileIndex) {}

  convert(node: TS.TypeNode): JsonSchema | undefined {
    const t = this.t;
    const kind = t.SyntaxKind;
    switch (node.kind) {
      case kind.StringKeyword:
        return { type: 'string' };
      case kind.NumberKeyword:
        return { type: 'number' };
      case kind.BooleanKeyword:
        return { type: 'boolean' };
    }
    if (t.isParenthesizedTypeNode(node)) return this.convert(node.type);
    if (t.isLiteralTypeNode(node)) return this.literal(node.literal);
    if (t.isArrayTypeNode(node)) return this.array(node.elementType);
    if (t.isTypeOperatorNode(node) && node.operator === kind.ReadonlyKeyword) return this.convert(node.type);
    if (t.isTupleTypeNode(node)) return this.tuple(node);
    if (t.isUnionTypeNode(node)) return this.union(node);
    if (t.isIntersectionTypeNode(node)) return this.all(node.types.map((member) => this.convert(member)), (schemas) => ({ allOf: schemas }));
    if (t.isTypeLiteralNode(node)) return this.members(node.members);
    if (t.isTypeReferenceNode(node)) return this.reference(node);
    return undefined;
  }

  private literal(literal: TS.LiteralTypeNode['literal']): JsonSchema | undefined {
    const t = this.t;
    if (literal.kind === t.SyntaxKind.NullKeyword) return { type: 'null' };
    if (literal.kind === t.SyntaxKind.TrueKeyword) return { const: true };
    if (literal.kind === t.SyntaxKind.FalseKeyword) return { const: false };
    const value = literalValue(t, literal);
    return value === undefined ? undefined : { const: value };
  }

  private array(element: TS.TypeNode): JsonSchema | undefined {
    const items = this.convert(element);
    return items && { type: 'array', items };
  }

  private tuple(node: TS.TupleTypeNode): JsonSchema | undefined {
    const t = this.t;
    const elements = node.elements.map((element) => {
      if (t.isNamedTupleMember(element)) return element.questionToken || element.dotDotDotToken ? undefined : this.convert(element.type);
      return t.isOptionalTypeNode(element) || t.isRestTypeNode(element) ? undefined : this.convert(element);
    });
    return this.all(elements, (prefixItems) => ({ type: 'array', prefixItems, items: false, minItems: prefixItems.length, maxItems: prefixItems.length }));
  }

  private union(node: TS.UnionTypeNode): JsonSchema | undefined {
    const members = node.types.filter((member) => member.kind !== this.t.SyntaxKind.UndefinedKeyword);
    if (members.length === 0) return undefined;
    if (members.length === 1) return this.convert(members[0]!);
    return this.all(
      members.map((member) => this.convert(member)),
      (schemas) => {
        const values = schemas.map(constOf);
        if (values.every((value) => value !== undefined)) {
          const unique = [...new Set(values as JsonPrimitive[])];
          if (unique.length === 2 && unique.includes(true) && unique.includes(false)) return { type: 'boolean' };
          return { enum: unique };
        }
        const types = schemas.map((schema) => (Object.keys(schema).length === 1 && typeof schema.type === 'string' ? schema.type : undefined));
        if (types.every((type) => type !== undefined)) return { type: [...new Set(types as JsonType[])] };
        // `A | B` where A is itself a union: one list.
        return { anyOf: schemas.flatMap((schema) => (Object.keys(schema).length === 1 && schema.anyOf ? schema.anyOf : [schema])) };
      },
    );
  }

  private members(members: TS.NodeArray<TS.TypeElement>): JsonSchema | undefined {
    const t = this.t;
    const schema: JsonSchema = { type: 'object', properties: {} };
    const required: string[] = [];
    for (const member of members) {
      if (t.isPropertySignature(member)) {
        const name = propertyName(t, member.name);
        const value = name !== undefined && member.type ? this.convert(member.type) : undefined;
        if (name === undefined || !value) return undefined;
        const description = this.describe(member);
        schema.properties![name] = description ? { ...value, description } : value;
        if (!member.questionToken) required.push(name);
      } else if (t.isIndexSignatureDeclaration(member)) {
        const key = member.parameters[0]?.type;
        const value = this.convert(member.type);
        if (key?.kind !== t.SyntaxKind.StringKeyword || !value || schema.additionalProperties) return undefined;
        schema.additionalProperties = value;
      } else {
        return undefined;
      }
    }
    if (Object.keys(schema.properties!).length === 0) delete schema.properties;
    if (required.length > 0) schema.required = required;
    return schema;
  }

  /** A property's JSDoc: its first line, or all of it when that is the whole text. */
  private describe(member: TS.PropertySignature): string | undefined {
    const comment = leadingDocComment(member, this.index.sourceFile).comment;
    if (!comment) return undefined;
    const docs = parseDocComment(comment);
    return [docs.summary, docs.description].filter(Boolean).join('\n') || undefined;
  }

  private reference(node: TS.TypeReferenceNode): JsonSchema | undefined {
    const t = this.t;
    if (!t.isIdentifier(node.typeName)) return undefined;
    const name = node.typeName.text;
    const args = node.typeArguments ?? [];
    if (this.index.typesByName.has(name)) return args.length === 0 ? this.local(name) : undefined;
    if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) return this.array(args[0]!);
    if (name === 'Record' && args.length === 2) return this.record(args[0]!, args[1]!);
    return undefined;
  }

  private record(key: TS.TypeNode, value: TS.TypeNode): JsonSchema | undefined {
    const valueSchema = this.convert(value);
    if (!valueSchema) return undefined;
    if (key.kind === this.t.SyntaxKind.StringKeyword) return { type: 'object', additionalProperties: valueSchema };
    const keys = this.convert(key);
    const names = keys?.enum ?? (keys && 'const' in keys ? [keys.const!] : undefined);
    if (!names || !names.every((name) => typeof name === 'string')) return undefined;
    const properties = Object.fromEntries(names.map((name) => [name, valueSchema]));
    return { type: 'object', properties, required: names as string[] };
  }

  /** The same file's type of that name; declared twice (merged interfaces), it is not read. */
  private local(name: string): JsonSchema | undefined {
    const declarations = this.index.typesByName.get(name);
    return declarations?.length === 1 ? this.declaration(declarations[0]!) : undefined;
  }

  private declaration(declaration: LocalTypeDeclaration): JsonSchema | undefined {
    const known = declarationSchemas.get(declaration);
    if (known !== undefined) return known ?? undefined;
    if (this.visiting.has(declaration)) return undefined;
    this.visiting.add(declaration);
    const schema = this.declare(declaration);
    this.visiting.delete(declaration);
    declarationSchemas.set(declaration, schema ?? null);
    return schema;
  }

  private declare(declaration: LocalTypeDeclaration): JsonSchema | undefined {
    const t = this.t;
    if (t.isEnumDeclaration(declaration)) return enumSchema(t, declaration);
    if (declaration.typeParameters?.length) return undefined;
    if (t.isTypeAliasDeclaration(declaration)) return this.convert(declaration.type);
    const own = this.members(declaration.members);
    const bases = (declaration.heritageClauses ?? []).flatMap((clause) => clause.types.map((base) => (t.isIdentifier(base.expression) && !base.typeArguments ? this.local(base.expression.text) : undefined)));
    if (bases.length === 0) return own;
    return this.all([...bases, own], (schemas) => mergeObjects(schemas) ?? { allOf: schemas });
  }

  /** `make(schemas)` when every part converted, else undefined. */
  private all(parts: readonly (JsonSchema | undefined)[], make: (schemas: JsonSchema[]) => JsonSchema): JsonSchema | undefined {
    return parts.every((part): part is JsonSchema => part !== undefined) ? make(parts as JsonSchema[]) : undefined;
  }
}

/** A deep copy: schemas of a file's types are shared between routes (and within one). */
export function copySchema(schema: JsonSchema): JsonSchema {
  return copy(schema) as JsonSchema;
}

type Json = JsonPrimitive | Json[] | { [key: string]: Json };

function copy(value: unknown): Json {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object') return value as JsonPrimitive;
  const result: { [key: string]: Json } = {};
  for (const key in value) result[key] = copy((value as Record<string, unknown>)[key]);
  return result;
}

function literalValue(t: typeof TS, literal: TS.Node): string | number | undefined {
  if (t.isStringLiteral(literal) || t.isNoSubstitutionTemplateLiteral(literal)) return literal.text;
  if (t.isNumericLiteral(literal)) return Number(literal.text);
  if (t.isPrefixUnaryExpression(literal) && literal.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(literal.operand)) return -Number(literal.operand.text);
  return undefined;
}

function constOf(schema: JsonSchema): JsonPrimitive | undefined {
  if ('const' in schema && Object.keys(schema).length === 1) return schema.const;
  if (schema.type === 'null' && Object.keys(schema).length === 1) return null;
  return undefined;
}

function propertyName(t: typeof TS, name: TS.PropertyName): string | undefined {
  return t.isIdentifier(name) || t.isStringLiteral(name) || t.isNumericLiteral(name) ? name.text : undefined;
}

/** An enum's values: all written as literals, or none written (0, 1, 2...). */
function enumSchema(t: typeof TS, declaration: TS.EnumDeclaration): JsonSchema | undefined {
  const written = declaration.members.map((member) => (member.initializer ? literalValue(t, member.initializer) : undefined));
  const none = declaration.members.every((member) => !member.initializer);
  if (none) return { enum: declaration.members.map((_, i) => i) };
  return written.every((value) => value !== undefined) ? { enum: [...new Set(written as (string | number)[])] } : undefined;
}

/** Plain object schemas (an interface and the ones it extends) as one, when no property clashes. */
function mergeObjects(schemas: readonly JsonSchema[]): JsonSchema | undefined {
  const merged: JsonSchema = { type: 'object', properties: {} };
  const required: string[] = [];
  for (const schema of schemas) {
    const keys = Object.keys(schema).filter((key) => key !== 'type' && key !== 'properties' && key !== 'required');
    if (schema.type !== 'object' || keys.length > 0) return undefined;
    for (const [name, value] of Object.entries(schema.properties ?? {})) {
      if (name in merged.properties!) return undefined;
      merged.properties![name] = value;
    }
    for (const name of schema.required ?? []) if (!required.includes(name)) required.push(name);
  }
  if (required.length > 0) merged.required = required;
  return merged;
}

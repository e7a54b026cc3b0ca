/**
 * express-jsdoc-swagger's comment format, read into the same shape as a swagger-jsdoc block:
 *
 *     /**
 *      * GET /api/v1/albums              (or `@route GET /api/v1/albums`)
 *      * @summary List albums
 *      * @tags album
 *      * @param {string} name.query.required - name param description
 *      * @param {Album} request.body.required - the album - application/json
 *      * @return {array<Album>} 200 - success - application/json
 *      * @security BearerAuth
 *      *\/
 *
 *     /**
 *      * An album
 *      * @typedef {object} Album
 *      * @property {string} title.required - The title
 *      * @property {number} year - The year - int64        (the last part is a format)
 *      *\/
 *
 * Types: `string`, `number`, `integer`, `boolean`, `object`, `array`, `file`, `array<T>`,
 * `T[]`, unions `a|b`, and any other name as a reference to the `@typedef` of that name.
 */
import type { FileComment } from './comments.js';
import { commentLines, splitTags, type TagBlock } from './parse-comment.js';
import type { BlockJson, BlockObject, CommentBlock } from './yaml-blocks.js';

const ROUTE = /^(get|post|put|patch|delete|head|options|trace)\s+(\/\S*)$/i;
const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);
const PARAMETER_LOCATIONS = new Set(['query', 'path', 'header', 'cookie']);
const SCHEMAS = '#/components/schemas/';

/** The operation or the `@typedef` one comment writes in express-jsdoc-swagger's format, if any. */
export function jsdocSwaggerBlock(file: string, comment: FileComment): CommentBlock | undefined {
  const { body, tags } = splitTags(commentLines(comment.text));
  const text = body.map((line) => line.trim()).filter(Boolean);
  const typedef = tags.find((tag) => tag.name === 'typedef');
  if (typedef) {
    const value = typedefBlock(typedef, tags, text);
    return value && { kind: 'express-jsdoc-swagger', file, line: comment.line, value };
  }
  const routeTag = tags.find((tag) => tag.name === 'route');
  const route = ROUTE.exec(routeTag ? joined(routeTag) : (text[0] ?? ''));
  if (!route) return undefined;
  const description = routeTag ? text : text.slice(1);
  const operation = operationOf(tags, description);
  return { kind: 'express-jsdoc-swagger', file, line: comment.line, value: { [route[2]!]: { [route[1]!.toLowerCase()]: operation } } };
}

/** Whether a comment is written in this format (then it is not read as plain JSDoc too). */
export function isJsdocSwaggerRoute(comment: string): boolean {
  const { body, tags } = splitTags(commentLines(comment));
  const routeTag = tags.find((tag) => tag.name === 'route');
  return ROUTE.test(routeTag ? joined(routeTag) : (body.find((line) => line.trim() !== '')?.trim() ?? ''));
}

function operationOf(tags: readonly TagBlock[], description: readonly string[]): BlockObject {
  const operation: BlockObject = {};
  const summary = tags.find((tag) => tag.name === 'summary');
  if (summary) operation.summary = joined(summary);
  const described = tags.find((tag) => tag.name === 'description');
  const text = described ? joined(described) : description.join('\n');
  if (text) operation.description = text;
  const tagNames = tags.filter((tag) => tag.name === 'tags' || tag.name === 'tag').flatMap((tag) => joined(tag).split(',').map((name) => name.trim()).filter(Boolean));
  if (tagNames.length) operation.tags = [...new Set(tagNames)];
  if (tags.some((tag) => tag.name === 'deprecated')) operation.deprecated = true;

  const parameters: BlockJson[] = [];
  for (const tag of tags.filter((t) => t.name === 'param')) {
    const param = typedName(joined(tag));
    if (!param) continue;
    const [name, where, ...flags] = param.name.split('.');
    const [text, contentType] = param.parts;
    if (where === 'body') {
      operation.requestBody = {
        ...(text ? { description: text } : {}),
        required: flags.includes('required'),
        content: { [contentType || 'application/json']: { schema: typeSchema(param.type) ?? { type: 'object' } } },
      };
    } else if (name && where && PARAMETER_LOCATIONS.has(where)) {
      parameters.push({
        name,
        in: where,
        ...(text ? { description: text } : {}),
        required: where === 'path' || flags.includes('required'),
        ...(flags.includes('deprecated') ? { deprecated: true } : {}),
        schema: typeSchema(param.type) ?? { type: 'string' },
      });
    }
  }
  if (parameters.length) operation.parameters = parameters;

  const responses: BlockObject = {};
  for (const tag of tags.filter((t) => t.name === 'return' || t.name === 'returns')) {
    const typed = typedName(joined(tag));
    if (!typed || !/^(\d{3}|default)$/.test(typed.name)) continue;
    const [text, contentType] = typed.parts;
    const schema = typeSchema(typed.type);
    responses[typed.name] = { description: text ?? '', ...(schema ? { content: { [contentType || 'application/json']: { schema } } } : {}) };
  }
  if (Object.keys(responses).length) operation.responses = responses;

  const security = tags.filter((tag) => tag.name === 'security').map((tag): BlockJson => Object.fromEntries(joined(tag).split('&').map((name) => [name.trim(), []]).filter(([name]) => name)));
  if (security.length) operation.security = security;
  return operation;
}

function typedefBlock(typedef: TagBlock, tags: readonly TagBlock[], description: readonly string[]): BlockObject | undefined {
  const declared = typedName(joined(typedef));
  if (!declared || !/^[A-Za-z_$][\w$.-]*$/.test(declared.name)) return undefined;
  const schema: BlockObject = typeSchema(declared.type) ?? { type: 'object' };
  if (description.length) schema.description = description.join('\n');
  const properties: BlockObject = {};
  const required: string[] = [];
  for (const tag of tags.filter((t) => t.name === 'property' || t.name === 'prop')) {
    const property = typedName(joined(tag));
    if (!property) continue;
    const [name, ...flags] = property.name.split('.');
    if (!name) continue;
    const [text, format] = property.parts;
    const propertySchema: BlockObject = typeSchema(property.type) ?? {};
    if (text) propertySchema.description = text;
    if (format) propertySchema.format = format;
    properties[name] = propertySchema;
    if (flags.includes('required')) required.push(name);
  }
  if (Object.keys(properties).length) schema.properties = properties;
  if (required.length) schema.required = required;
  return { components: { schemas: { [declared.name]: schema } } };
}

/** `{type} name - part - part`: the type, the name and the ` - `-separated parts after it. */
function typedName(text: string): { type: string | undefined; name: string; parts: (string | undefined)[] } | undefined {
  let rest = text.trim();
  let type: string | undefined;
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    if (close === -1) return undefined;
    type = rest.slice(1, close).trim();
    rest = rest.slice(close + 1).trim();
  }
  const name = /^\S+/.exec(rest)?.[0];
  if (!name) return undefined;
  const after = rest.slice(name.length).trim().replace(/^-\s*/, '');
  const parts = after === '' ? [] : after.split(/\s+-\s+/).map((part) => part.trim());
  return { type, name, parts };
}

function typeSchema(type: string | undefined): BlockObject | undefined {
  const written = type?.trim();
  if (!written) return undefined;
  const union = splitTopLevel(written, '|');
  if (union.length > 1) return { oneOf: union.map((member) => typeSchema(member) ?? {}) };
  const generic = /^(?:array|Array)\s*<(.+)>$/.exec(written);
  if (generic) return { type: 'array', items: typeSchema(generic[1]) ?? {} };
  if (written.endsWith('[]')) return { type: 'array', items: typeSchema(written.slice(0, -2)) ?? {} };
  const lower = written.toLowerCase();
  if (PRIMITIVES.has(lower)) return { type: lower };
  if (lower === 'file') return { type: 'string', format: 'binary' };
  if (/^[A-Za-z_$][\w$.-]*$/.test(written)) return { $ref: SCHEMAS + written };
  return undefined;
}

/** Splits on `separator` outside `<...>`. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '<') depth++;
    else if (text[i] === '>') depth--;
    else if (text[i] === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

const joined = (tag: TagBlock): string => tag.lines.map((line) => line.trim()).filter(Boolean).join(' ');

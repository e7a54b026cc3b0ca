/**
 * `--openapi 3.0`: rewrites an OpenAPI 3.1 document as 3.0.3 for tools that read only 3.0.
 * 3.1 schemas are JSON Schema 2020-12 while 3.0 has its own subset of an older draft, so most
 * of the work is in schemas: `type: [X, 'null']` becomes `nullable`, `const` an `enum`, numeric
 * exclusive bounds the boolean form, `$ref` with siblings an `allOf`. What 3.0 cannot say is
 * dropped with a warning. The input is never modified: every object of the result is new.
 */
import { escapeToken, unescapeToken } from './json-pointer.js';
import { isObject, isOpenApiMethod } from './json.js';

export interface DowngradeResult {
  document: Record<string, unknown>;
  /** One line each, about what was dropped or approximated. */
  warnings: string[];
}

type JsonObject = Record<string, unknown>;

const OAS_31_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';

/** Schema keywords that mean the same in OpenAPI 3.0 and are copied as they are. */
const SAME_IN_30 = new Set([
  'title', 'multipleOf', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'description', 'format', 'default', 'nullable', 'discriminator',
  'readOnly', 'writeOnly', 'example', 'externalDocs', 'deprecated', 'xml',
]);
/** Handled together with a related keyword, or on their own below. */
const HANDLED = new Set([
  '$ref', 'type', 'const', 'enum', 'examples', 'minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum',
  'properties', 'additionalProperties', 'items', 'not', 'allOf', 'anyOf', 'oneOf', 'required',
  'contentEncoding', 'contentMediaType', '$comment',
]);

export function downgradeTo30(document: unknown): DowngradeResult {
  if (!isObject(document)) throw invalid('an OpenAPI document must be an object');
  const version = document.openapi;
  if (typeof version === 'string' && /^3\.0\./.test(version)) return { document: clone(document) as JsonObject, warnings: [] };
  if (typeof version !== 'string' || !/^3\.1\./.test(version)) throw invalid(`cannot convert OpenAPI ${String(version)} to 3.0: only 3.1 documents are converted`);
  return new Downgrade(document).run();
}

function invalid(message: string): Error {
  return Object.assign(new Error(message), { code: 'DOCGEN_INVALID_DOCUMENT' });
}

class Downgrade {
  private readonly warnings = new Set<string>();
  /** Keyword → where it was dropped, reported as one warning per keyword at the end. */
  private readonly droppedKeywords = new Map<string, string[]>();
  private readonly pathItems: JsonObject;
  /** mutualTLS security schemes: 3.0 has no such type. */
  private readonly droppedSchemes: Set<string>;

  constructor(private readonly source: JsonObject) {
    const components = isObject(source.components) ? source.components : {};
    this.pathItems = isObject(components.pathItems) ? components.pathItems : {};
    const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
    this.droppedSchemes = new Set(Object.keys(schemes).filter((name) => isObject(schemes[name]) && schemes[name].type === 'mutualTLS'));
  }

  run(): DowngradeResult {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(this.source)) {
      if (key === 'openapi') out.openapi = '3.0.3';
      else if (key === 'info') out.info = this.info(value);
      else if (key === 'paths') out.paths = this.paths(value, '#/paths');
      else if (key === 'components') out.components = this.components(value);
      else if (key === 'security') out.security = this.security(value, '#/security');
      else if (key === 'jsonSchemaDialect') {
        if (value !== OAS_31_DIALECT) this.warn(`jsonSchemaDialect ${String(value)} dropped: OpenAPI 3.0 schemas have a fixed dialect`);
      } else if (key === 'webhooks') {
        const names = isObject(value) ? Object.keys(value) : [];
        this.warn(`webhooks dropped (OpenAPI 3.0 has none): ${names.join(', ') || '(empty)'}`);
      } else if (key.startsWith('x-')) out[key] = clone(value);
      else if (key === 'servers' || key === 'tags' || key === 'externalDocs') out[key] = this.node(value, `#/${key}`);
      else this.warn(`top-level field ${key} dropped: OpenAPI 3.0 does not define it`);
    }
    out.paths ??= {}; // optional in 3.1 (a webhooks-only document), required in 3.0
    const warnings = [...this.warnings];
    for (const [keyword, places] of this.droppedKeywords) {
      const shown = places.slice(0, 3).join(', ') + (places.length > 3 ? ` and ${places.length - 3} more` : '');
      warnings.push(`schema keyword ${keyword} dropped (no OpenAPI 3.0 equivalent) at ${shown}`);
    }
    return { document: out, warnings };
  }

  private warn(message: string): void {
    this.warnings.add(message);
  }

  private info(value: unknown): unknown {
    if (!isObject(value)) return clone(value);
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      if (key === 'summary') {
        // 3.0's Info has no summary: it becomes the description when there is none.
        if (value.description === undefined) out.description = field;
        else this.warn('info.summary dropped: OpenAPI 3.0 has none, and info.description is set');
      } else if (key === 'license' && isObject(field)) out.license = this.license(field);
      else out[key] = clone(field);
    }
    return out;
  }

  private license(license: JsonObject): JsonObject {
    const { identifier, ...rest } = license;
    const out = clone(rest) as JsonObject;
    // 3.0 licenses have no SPDX identifier, only a URL: point at the SPDX page for it.
    if (typeof identifier === 'string' && out.url === undefined) out.url = `https://spdx.org/licenses/${encodeURIComponent(identifier)}.html`;
    return out;
  }

  private components(value: unknown): unknown {
    if (!isObject(value)) return clone(value);
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      const at = `#/components/${key}`;
      if (key.startsWith('x-')) out[key] = clone(field);
      else if (key === 'pathItems') {
        this.warn('components.pathItems dropped (OpenAPI 3.0 has none); the paths that referenced them hold copies');
      } else if (key === 'schemas') out.schemas = mapValues(field, (schema, name) => this.schema(schema, `${at}/${name}`));
      else if (key === 'callbacks') out.callbacks = mapValues(field, (callback, name) => this.callback(callback, `${at}/${name}`));
      else if (key === 'securitySchemes') {
        const schemes: JsonObject = {};
        for (const [name, scheme] of Object.entries(isObject(field) ? field : {})) {
          if (this.droppedSchemes.has(name)) this.warn(`security scheme ${name} (mutualTLS) dropped: OpenAPI 3.0 has no mutualTLS type`);
          else schemes[name] = this.node(scheme, `${at}/${name}`);
        }
        out.securitySchemes = schemes;
      } else out[key] = this.node(field, at);
    }
    return out;
  }

  private paths(value: unknown, at: string): unknown {
    return mapValues(value, (item, path) => (path.startsWith('x-') ? clone(item) : this.pathItem(item, `${at}/${escapeToken(path)}`, new Set())));
  }

  private callback(value: unknown, at: string): unknown {
    if (isObject(value) && typeof value.$ref === 'string') return { $ref: value.$ref };
    return mapValues(value, (item, expression) => (expression.startsWith('x-') ? clone(item) : this.pathItem(item, `${at}/${escapeToken(expression)}`, new Set())));
  }

  private pathItem(value: unknown, at: string, seen: Set<string>): unknown {
    if (!isObject(value)) return clone(value);
    const ref = value.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/pathItems/') && !seen.has(ref)) {
      // 3.0 has no components.pathItems to point at: the path gets its own copy.
      const target = this.pathItems[unescapeToken(ref.slice('#/components/pathItems/'.length))];
      if (isObject(target)) {
        const { $ref: _ref, ...siblings } = value;
        return this.pathItem({ ...target, ...siblings }, at, new Set([...seen, ref]));
      }
      this.warn(`${at}: $ref ${ref} does not resolve`);
    }
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      if (key.startsWith('x-') || key === '$ref') out[key] = clone(field);
      else if (isOpenApiMethod(key)) out[key] = this.operation(field, `${at}/${key}`);
      else out[key] = this.node(field, `${at}/${key}`);
    }
    return out;
  }

  private operation(value: unknown, at: string): unknown {
    const out = this.node(value, at);
    if (!isObject(out)) return out;
    // Responses became optional in 3.1; 3.0 needs at least one.
    if (!isObject(out.responses) || Object.keys(out.responses).length === 0) {
      out.responses = { default: { description: 'Default response' } };
      this.warn(`${at}: no responses; a default response was added (OpenAPI 3.0 requires one)`);
    }
    return out;
  }

  private security(value: unknown, at: string): unknown {
    if (!Array.isArray(value) || this.droppedSchemes.size === 0) return clone(value);
    const kept = value.filter((requirement) => !(isObject(requirement) && Object.keys(requirement).some((name) => this.droppedSchemes.has(name))));
    if (kept.length !== value.length) this.warn(`${at}: security requirements naming a mutualTLS scheme dropped`);
    return clone(kept);
  }

  /** Any object of the document outside schemas: copies it, converting the schemas within. */
  private node(value: unknown, at: string): unknown {
    if (Array.isArray(value)) return value.map((item, i) => this.node(item, `${at}/${i}`));
    if (!isObject(value)) return value;
    // A Reference Object: 3.0 ignores its siblings (3.1's summary/description).
    if (typeof value.$ref === 'string') return { $ref: value.$ref };
    const out: JsonObject = {};
    for (const [key, field] of Object.entries(value)) {
      const here = `${at}/${escapeToken(key)}`;
      if (key.startsWith('x-') || key === 'example' || key === 'links') out[key] = clone(field);
      else if (key === 'examples') out[key] = mapValues(field, (example) => (isObject(example) && typeof example.$ref === 'string' ? { $ref: example.$ref } : clone(example)));
      else if (key === 'schema') out[key] = this.schema(field, here);
      else if (key === 'callbacks') out[key] = mapValues(field, (callback, name) => this.callback(callback, `${here}/${name}`));
      else if (key === 'security') out[key] = this.security(field, here);
      else out[key] = this.node(field, here);
    }
    return out;
  }

  private schema(value: unknown, at: string): unknown {
    if (value === true) return {};
    if (value === false) return { not: {} };
    if (!isObject(value)) return clone(value);
    const s = value;
    const out: JsonObject = {};
    if (typeof s.$ref === 'string') {
      if (s.$ref.startsWith('#/') && !s.$ref.startsWith('#/components/')) this.warn(`${at}: $ref ${s.$ref} points inside a schema; OpenAPI 3.0 tools may not resolve it`);
      const siblings = Object.keys(s).filter((key) => key !== '$ref' && key !== '$comment');
      if (siblings.length === 0) return { $ref: s.$ref };
      // 3.0 ignores everything beside a $ref; allOf keeps both the reference and the siblings.
      out.allOf = [{ $ref: s.$ref }];
    }
    let nullable = false;
    for (const [key, field] of Object.entries(s)) {
      const here = `${at}/${escapeToken(key)}`;
      if (key.startsWith('x-') || SAME_IN_30.has(key)) out[key] = clone(field);
      else if (key === 'type') nullable = this.type(field, s, out, here) || nullable;
      else if (key === 'const') {
        out.enum = [clone(field)];
        if (field === null) nullable = true;
      } else if (key === 'enum') {
        if (!('const' in s)) out.enum = clone(field);
      } else if (key === 'examples') {
        // JSON Schema's examples list; 3.0 schemas have one example.
        if (Array.isArray(field) && field.length && !('example' in s)) out.example = clone(field[0]);
      } else if (key === 'minimum' || key === 'exclusiveMinimum') this.bound(s, out, 'minimum', 'exclusiveMinimum', (a, b) => a > b);
      else if (key === 'maximum' || key === 'exclusiveMaximum') this.bound(s, out, 'maximum', 'exclusiveMaximum', (a, b) => a < b);
      else if (key === 'properties') out.properties = mapValues(field, (property, name) => this.schema(property, `${here}/${escapeToken(name)}`));
      else if (key === 'additionalProperties') out[key] = typeof field === 'boolean' ? field : this.schema(field, here);
      else if (key === 'items') {
        if (field === false) out.maxItems = 0;
        out.items = field === false ? {} : this.schema(field, here);
      } else if (key === 'not') out.not = this.schema(field, here);
      else if (key === 'allOf') out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), ...this.schemas(field, here)];
      else if (key === 'anyOf' || key === 'oneOf') nullable = this.alternatives(key, field, out, here) || nullable;
      else if (key === 'required') {
        const names = Array.isArray(field) ? [...new Set(field)] : [];
        if (names.length) out.required = names; // 3.0 requires a non-empty list
      } else if (key === 'contentEncoding' || key === 'contentMediaType') this.content(s, out, here);
      else if (!HANDLED.has(key)) this.drop(key, here);
    }
    if (nullable) out.nullable = true;
    // 3.0: "items MUST be present if the type is array".
    if (out.type === 'array' && out.items === undefined) out.items = {};
    return out;
  }

  private schemas(value: unknown, at: string): unknown[] {
    return Array.isArray(value) ? value.map((item, i) => this.schema(item, `${at}/${i}`)) : [];
  }

  /** Writes `type` in 3.0 form; returns whether the 3.1 type allowed null. */
  private type(value: unknown, source: JsonObject, out: JsonObject, at: string): boolean {
    const types = Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : typeof value === 'string' ? [value] : [];
    const nullable = types.includes('null');
    const rest = [...new Set(types.filter((t) => t !== 'null'))];
    if (rest.length === 1) out.type = rest[0];
    else if (rest.length === 0 && nullable) {
      // A schema that only allows null: 3.0's closest form is a nullable enum of null.
      out.enum = [null];
      this.warn(`${at}: type 'null' has no OpenAPI 3.0 equivalent; written as nullable: true, enum: [null]`);
    } else if (rest.length > 1) {
      const branches = rest.map((t) => ({ type: t, ...(nullable ? { nullable: true } : {}) }));
      if (hasOwn(source, 'anyOf')) out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), { anyOf: branches }];
      else out.anyOf = branches;
      this.warn(`${at}: several types (${types.join(', ')}) written as anyOf; keywords beside them apply to every branch`);
    }
    return nullable;
  }

  /** anyOf/oneOf with a `{type: 'null'}` branch (the 3.1 way of a nullable $ref) becomes nullable. */
  private alternatives(key: 'anyOf' | 'oneOf', value: unknown, out: JsonObject, at: string): boolean {
    const branches = Array.isArray(value) ? value : [];
    const isNull = (branch: unknown): boolean => isObject(branch) && branch.type === 'null' && Object.keys(branch).every((k) => k === 'type' || k === 'description' || k === 'title');
    const kept = branches.filter((branch) => !isNull(branch));
    out[key] = this.schemas(kept, at);
    return kept.length !== branches.length;
  }

  /** 3.1's numeric exclusive bounds become 3.0's minimum + boolean, keeping the stricter bound. */
  private bound(s: JsonObject, out: JsonObject, inclusiveKey: string, exclusiveKey: string, stricter: (a: number, b: number) => boolean): void {
    if (inclusiveKey in out || exclusiveKey in out) return; // written when the other one was seen
    const inclusive = s[inclusiveKey];
    const exclusive = s[exclusiveKey];
    if (typeof exclusive !== 'number') {
      if (inclusive !== undefined) out[inclusiveKey] = inclusive;
      if (typeof exclusive === 'boolean') out[exclusiveKey] = exclusive;
      return;
    }
    if (typeof inclusive === 'number' && stricter(inclusive, exclusive)) out[inclusiveKey] = inclusive;
    else {
      out[inclusiveKey] = exclusive;
      out[exclusiveKey] = true;
    }
  }

  /** contentEncoding base64 is 3.0's `format: byte`; a binary contentMediaType is `format: binary`. */
  private content(s: JsonObject, out: JsonObject, at: string): void {
    if ('format' in s || 'format' in out) return; // an explicit format wins; or already written
    const encoding = s.contentEncoding;
    const mediaType = s.contentMediaType;
    if (encoding === 'base64' || encoding === 'base64url') out.format = 'byte';
    else if (encoding !== undefined) this.drop('contentEncoding', at);
    else if (typeof mediaType === 'string' && !isTextual(mediaType)) out.format = 'binary';
  }

  private drop(keyword: string, at: string): void {
    const places = this.droppedKeywords.get(keyword) ?? [];
    if (!places.includes(at)) places.push(at);
    this.droppedKeywords.set(keyword, places);
  }
}

function isTextual(mediaType: string): boolean {
  return /^text\/|[/+](?:json|xml|yaml)$|^application\/(?:x-www-form-urlencoded|javascript|x-yaml)$/i.test(mediaType.split(';')[0]!.trim());
}

function hasOwn(value: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}


/** Maps the values of a name → object map (schemas, properties, content, ...), where x- keys are names too. */
function mapValues(value: unknown, map: (item: unknown, key: string) => unknown): unknown {
  if (!isObject(value)) return clone(value);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) out[key] = map(item, key);
  return out;
}

function clone(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

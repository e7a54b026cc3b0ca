/**
 * Visits the references a document makes: `$ref`s, security requirements and discriminator
 * mappings. The walk knows which object keys are user-chosen names (the keys of `properties`,
 * `paths`, `responses`...) and which values are literal data (`example`, `default`, `enum`,
 * extensions...), so a property called `example` is still walked while an example value that
 * happens to contain `$ref` is not mistaken for a reference.
 */
import { isObject } from './spec.js';
import { child } from '../openapi/json-pointer.js';

export interface RefVisitor {
  /** `location` is the pointer of the object that holds the `$ref`. */
  ref?(ref: string, location: string): void;
  /** One Security Requirement Object; `location` is its pointer. */
  security?(requirement: Readonly<Record<string, unknown>>, location: string): void;
  /** A discriminator mapping value: a `$ref` or a bare schema name. */
  mapping?(target: string, location: string): void;
}

/** Fields whose value is a map from names to objects. */
const NAME_MAPS: ReadonlySet<string> = new Set([
  'paths', 'webhooks', 'callbacks', 'responses', 'content', 'headers', 'examples', 'links', 'encoding', 'variables',
  'schemas', 'parameters', 'requestBodies', 'securitySchemes', 'pathItems',
  'properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions',
]);

/** Fields whose value is data given by the author, never OpenAPI or JSON Schema objects. */
function isLiteral(key: string, value: unknown): boolean {
  if (key.startsWith('x-')) return true;
  if (key === 'examples') return Array.isArray(value); // a schema's examples; elsewhere a map of Example Objects
  return key === 'example' || key === 'default' || key === 'const' || key === 'enum' || key === 'value';
}

/**
 * Walks `node` (found at `pointer`). `fieldKey` is the field it is the value of, or undefined
 * when the node was reached through a name (a map entry, an array item, the root).
 */
export function walkRefs(node: unknown, pointer: string, visitor: RefVisitor, fieldKey?: string): void {
  if (Array.isArray(node)) {
    if (fieldKey === 'security') {
      node.forEach((requirement: unknown, i) => {
        if (isObject(requirement)) visitor.security?.(requirement, child(pointer, i));
      });
      return;
    }
    node.forEach((item: unknown, i) => walkRefs(item, child(pointer, i), visitor));
    return;
  }
  if (!isObject(node)) return;
  const keysAreNames = fieldKey !== undefined && NAME_MAPS.has(fieldKey);
  if (keysAreNames) {
    for (const [name, value] of Object.entries(node)) walkRefs(value, child(pointer, name), visitor);
    return;
  }
  if (typeof node.$ref === 'string') visitor.ref?.(node.$ref, pointer);
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' || isLiteral(key, value)) continue;
    if (key === 'mapping' && fieldKey === 'discriminator' && isObject(value)) {
      for (const [name, target] of Object.entries(value)) if (typeof target === 'string') visitor.mapping?.(target, child(pointer, key, name));
      continue;
    }
    walkRefs(value, child(pointer, key), visitor, key);
  }
}

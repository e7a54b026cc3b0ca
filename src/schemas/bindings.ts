/**
 * What docgen learns about validation middleware where it is made: a middleware function
 * closes over its schema, so the factory that makes it (`zValidator('json', schema)`) is the
 * only place the pair can be seen. Recording costs one WeakMap entry per middleware made; an
 * app without validators records nothing, and its document is built exactly as before.
 */

/**
 * The part of a request a schema checks. `body` is a body whose media type the validator does
 * not fix (celebrate, express-validator: whichever parser ran).
 */
export type RequestTarget = 'json' | 'form' | 'body' | 'query' | 'path' | 'header' | 'cookie';

export interface SchemaBinding {
  readonly target: RequestTarget;
  /** The validation library's own schema object (zod, valibot, arktype, joi...). */
  readonly schema: unknown;
  /** The package that made the middleware, for reports. */
  readonly via: string;
  /** A media type the middleware was told to expect (hono-openapi's `options.media`). */
  readonly mediaType?: string;
}

/** The name of the chain method that added an express-validator validator, and its arguments. */
export interface ValidatorCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/**
 * What a router that takes a route spec (koa-joi-router's `validate`) says about one route:
 * several inputs and the response bodies, kept on one function of the route's chain.
 */
export interface DeclaredRoute {
  readonly via: string;
  readonly inputs: readonly SchemaBinding[];
  /** An OpenAPI status key (`200`, `4XX`) -> the library's schema of the response body. */
  readonly responses: Readonly<Record<string, unknown>>;
  readonly summary?: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** What the spec holds that cannot be documented, for the document's report: which part (`response 201`), why. */
  readonly problems: readonly { readonly part: string; readonly reason: string }[];
}

export class SchemaBindings {
  readonly #declared = new WeakMap<object, DeclaredRoute>();
  readonly #byFunction = new WeakMap<object, SchemaBinding>();
  readonly #resolved = new WeakMap<object, unknown>();
  readonly #validatorCalls = new WeakMap<object, ValidatorCall>();
  readonly #descriptions = new WeakMap<object, object>();

  /** The outermost factory binds last: hono-openapi's `validator` wraps `sValidator`. */
  bind(middleware: unknown, binding: SchemaBinding): void {
    if (typeof middleware === 'function') this.#byFunction.set(middleware, binding);
  }

  bindingOf(middleware: unknown): SchemaBinding | undefined {
    return typeof middleware === 'function' ? this.#byFunction.get(middleware) : undefined;
  }

  /** hono-openapi's `resolver(schema)` returns an object that keeps only async converters: remember the schema. */
  resolved(wrapper: unknown, schema: unknown): void {
    if (wrapper && typeof wrapper === 'object') this.#resolved.set(wrapper, schema);
  }

  schemaResolvedBy(wrapper: unknown): unknown {
    return wrapper && typeof wrapper === 'object' ? this.#resolved.get(wrapper) : undefined;
  }

  /** hono-openapi's `describeRoute(spec)` middleware and `describeResponse(handler, responses)` handler. */
  described(fn: unknown, spec: unknown): void {
    if (typeof fn === 'function' && spec && typeof spec === 'object') this.#descriptions.set(fn, spec);
  }

  descriptionOf(fn: unknown): object | undefined {
    return typeof fn === 'function' ? this.#descriptions.get(fn) : undefined;
  }

  declared(fn: unknown, route: DeclaredRoute): void {
    if (typeof fn === 'function') this.#declared.set(fn, route);
  }

  declarationOf(fn: unknown): DeclaredRoute | undefined {
    return typeof fn === 'function' ? this.#declared.get(fn) : undefined;
  }

  validatorCall(item: unknown, call: ValidatorCall): void {
    if (item && typeof item === 'object') this.#validatorCalls.set(item, call);
  }

  callThatAdded(item: unknown): ValidatorCall | undefined {
    return item && typeof item === 'object' ? this.#validatorCalls.get(item) : undefined;
  }
}

/**
 * What a middleware closes over, read through V8's inspector protocol on this thread
 * (node:inspector: a session of the same thread answers synchronously). An app's own validation
 * factory (`const validate = (schema) => (req, res, next) => ...`) keeps its schema nowhere but
 * in the closure of the function it returns. Reading runs nothing of the app: the protocol
 * lists the function's scopes and their variables as V8 holds them, and the only code that runs
 * is docgen's own one-line function that hands an object back.
 *
 * Only the scopes of the functions that made the middleware are read, never a module's top
 * level: a function written at the top of a module (a handler, a library's middleware) has no
 * factory, and nothing of it is read.
 */
import type { Session } from 'node:inspector';
import { builtins } from '../runtime/builtins.js';

interface RemoteObject {
  readonly type: string;
  readonly subtype?: string;
  readonly objectId?: string;
  readonly description?: string;
}
interface Property {
  readonly name: string;
  readonly value?: RemoteObject;
}
interface Properties {
  readonly result: readonly Property[];
  readonly internalProperties?: readonly Property[];
}

export interface FactoryClosure {
  /** The function that made the middleware (`validate`), when V8 knows its name. */
  readonly factory: string | undefined;
  /** The object values of its variables, innermost scope first, in V8's order. */
  readonly values: readonly unknown[];
}

const SLOT = Symbol.for('docgen.closures');
const SLOT_EXPRESSION = "globalThis[Symbol.for('docgen.closures')]";
const GROUP = 'docgen-closures';

export class ClosureReader {
  /** null: the inspector is not available here (a Node without it, Deno). */
  #session: Session | null | undefined;

  /** The closure of the function that made `fn`, or undefined (not made by a function, no inspector). */
  read(fn: object): FactoryClosure | undefined {
    const session = this.#open();
    if (!session) return undefined;
    const slots = globalThis as unknown as Record<symbol, unknown>;
    try {
      slots[SLOT] = fn;
      const remote = post<{ result: RemoteObject }>(session, 'Runtime.evaluate', { expression: SLOT_EXPRESSION, objectGroup: GROUP, silent: true }).result;
      const scopes = remote.objectId ? internal(session, remote.objectId, '[[Scopes]]') : undefined;
      if (!scopes?.objectId) return undefined;
      const list = post<Properties>(session, 'Runtime.getProperties', { objectId: scopes.objectId, ownProperties: true }).result
        .filter((p) => /^\d+$/.test(p.name))
        .map((p) => p.value)
        .filter((v): v is RemoteObject => !!v);
      const made = factoryScopes(list);
      if (made.length === 0) return undefined;
      const values: unknown[] = [];
      for (const scope of made) {
        if (!scope.objectId) continue;
        for (const variable of post<Properties>(session, 'Runtime.getProperties', { objectId: scope.objectId, ownProperties: true }).result) {
          const value = variable.value;
          if (value?.type !== 'object' || value.subtype !== undefined || !value.objectId) continue;
          slots[SLOT] = undefined;
          post(session, 'Runtime.callFunctionOn', { objectId: value.objectId, functionDeclaration: `function () { ${SLOT_EXPRESSION} = this; }`, silent: true });
          if (slots[SLOT] !== undefined) values.push(slots[SLOT]);
        }
      }
      const name = /^Closure \((.+)\)$/.exec(made[0]!.description ?? '')?.[1];
      return { factory: name, values };
    } catch {
      return undefined;
    } finally {
      delete slots[SLOT];
    }
  }

  /** Lets go of what the inspector kept for docgen, and of the session. */
  close(): void {
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    try {
      post(session, 'Runtime.releaseObjectGroup', { objectGroup: GROUP });
    } catch {
      // nothing to release
    }
    session.disconnect();
  }

  #open(): Session | null {
    if (this.#session !== undefined) return this.#session;
    try {
      const session = new builtins.inspector.Session();
      session.connect();
      // A runtime whose session answers later (or never) cannot be used at exit.
      post(session, 'Runtime.evaluate', { expression: '0', silent: true });
      this.#session = session;
    } catch {
      this.#session = null;
    }
    return this.#session;
  }
}

/**
 * The scopes a factory made: the closures (and blocks) before the module's own scope. A
 * CommonJS module is a function too: its scope, an anonymous closure (Node's wrapper; Jest's is
 * named `Object.<anonymous>`) last before the global one, is the module's top level and is left
 * out, as an ES module's `Module` scope is. V8 lists a scope only when a function inside it uses
 * one of its variables: a module whose top level nothing closes over has no scope in the list,
 * and the factory's is then the last.
 */
const COMMONJS_WRAPPER_SCOPES = new Set(['Closure', 'Closure (Object.<anonymous>)']);

function factoryScopes(scopes: readonly RemoteObject[]): RemoteObject[] {
  const made: RemoteObject[] = [];
  let next: RemoteObject | undefined;
  for (const scope of scopes) {
    if (/^(Closure|Block)\b/.test(scope.description ?? '')) {
      made.push(scope);
      continue;
    }
    next = scope;
    break;
  }
  if (!/^Module\b/.test(next?.description ?? '')) {
    const last = made.findLastIndex((scope) => /^Closure\b/.test(scope.description ?? ''));
    if (last >= 0 && COMMONJS_WRAPPER_SCOPES.has(made[last]!.description ?? '')) made.splice(last);
  }
  return made.some((scope) => /^Closure\b/.test(scope.description ?? '')) ? made : [];
}

function internal(session: Session, objectId: string, name: string): RemoteObject | undefined {
  return post<Properties>(session, 'Runtime.getProperties', { objectId, ownProperties: true }).internalProperties?.find((p) => p.name === name)?.value;
}

/** A protocol call of a session on this thread: answered before `post` returns, or an error. */
function post<T = unknown>(session: Session, method: string, params: object): T {
  let answer: { error: Error | null; result: unknown } | undefined;
  (session.post as (method: string, params: object, callback: (error: Error | null, result: unknown) => void) => void)(method, params, (error, result) => {
    answer = { error, result };
  });
  if (!answer) throw new Error(`the inspector did not answer ${method} synchronously`);
  if (answer.error) throw answer.error;
  return answer.result as T;
}

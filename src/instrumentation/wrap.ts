/**
 * The one wrapping mechanism of docgen, in the manner of shimmer and the OpenTelemetry
 * instrumentations' `_wrap`/`_unwrap`: `wrap()` replaces a function held by an object with a
 * wrapper that keeps the original under one marker, `unwrap()` puts back the exact property
 * (its descriptor included), and wrapping a docgen wrapper again is a no-op. Whatever fails
 * inside docgen's own recording goes to one sink, `onInstrumentationError`, and never reaches
 * the app: wrappers call the original with the same `this` and arguments and return its result.
 *
 * Two kinds of wrapper sit on top: `registrationWrapper` for a framework's registration methods
 * (it records where the app called, once per outermost call), and `observerWrapper` for
 * functions whose calls and results are only looked at (validator factories, koa-mount).
 * `shadow` puts a wrapper on an object of one request (learning from traffic), where `wrap`'s
 * bookkeeping would cost the request more than its work.
 */
import { captureCallSite, type CallSite, type Folders } from '../model/call-site.js';

/** The one marker: a docgen wrapper, or a class docgen put in place of another, keeps what it replaced under it. */
const ORIGINAL = Symbol.for('docgen.original');

export type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
/** What can stand in for a function: a wrapper, or a class of docgen's in place of the framework's. */
export type Replacement = AnyFunction | (abstract new (...args: never[]) => unknown);

export interface CallInfo {
  readonly self: unknown;
  readonly args: unknown[];
  /** Where the app called into the framework. */
  readonly site: CallSite;
}

// --- the error channel ------------------------------------------------------------------

let reportError: (error: unknown) => void = () => {};

/** Where a failure inside docgen's own instrumentation goes: it never reaches the app. */
export function onInstrumentationError(report: (error: unknown) => void): void {
  reportError = report;
}

/** Runs docgen's own work inside a wrapper or a constructor; a failure is reported, not thrown. */
export function guarded(work: () => void): void {
  try {
    work();
  } catch (error) {
    reportError(error);
  }
}

// --- the marker ---------------------------------------------------------------------------

export function isWrapped(value: unknown): boolean {
  return typeof value === 'function' && Object.prototype.hasOwnProperty.call(value, ORIGINAL);
}

/** What a docgen wrapper replaced; any other value is its own original. */
export function originalOf<T>(value: T): T {
  return isWrapped(value) ? ((value as unknown as Record<symbol, T>)[ORIGINAL] as T) : value;
}

/** Marks `wrapper` as docgen's, standing in for `original`, with the original's name and length. */
export function markWrapper<W extends object>(wrapper: W, original: Replacement): W {
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper;
}

// --- wrap and unwrap ------------------------------------------------------------------------

export type WrapResult =
  | { readonly ok: true; readonly wrapper: Replacement; /** False when a docgen wrapper was already there. */ readonly installed: boolean }
  | { readonly ok: false; readonly problem: string };

interface Saved {
  readonly wrapper: Replacement;
  readonly original: AnyFunction;
  /** The own property as it was; undefined when the function was inherited. */
  readonly descriptor: PropertyDescriptor | undefined;
  /** Put in through the property's own setter (an ES module's exported binding). */
  readonly assigned: boolean;
}

const saved = new WeakMap<object, Map<PropertyKey, Saved>>();

/**
 * Replaces the function `holder[key]` with `makeWrapper(original)`. An own data property keeps
 * its attributes; an accessor with a setter (an ES module's exported binding) is assigned
 * through it; an inherited function is shadowed by an own, non-enumerable property.
 */
export function wrap(holder: object, key: PropertyKey, makeWrapper: (original: AnyFunction) => Replacement): WrapResult {
  const record = holder as Record<PropertyKey, unknown>;
  let current: unknown;
  try {
    current = record[key];
  } catch (error) {
    return { ok: false, problem: `reading it threw (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof current !== 'function') return { ok: false, problem: current === undefined ? 'there is no such function' : `it is a ${typeof current}, not a function` };
  if (isWrapped(current)) return { ok: true, wrapper: current as AnyFunction, installed: false };
  const original = current as AnyFunction;
  const wrapper = makeWrapper(original);
  const descriptor = Object.getOwnPropertyDescriptor(holder, key);
  let assigned = false;
  try {
    if (descriptor && !('value' in descriptor)) {
      if (!descriptor.set) return { ok: false, problem: 'it is a getter without a setter' };
      record[key] = wrapper;
      assigned = true;
    } else if (descriptor) {
      if (!descriptor.writable && !descriptor.configurable) return { ok: false, problem: 'it is read-only' };
      Object.defineProperty(holder, key, { ...descriptor, value: wrapper });
    } else {
      if (!Object.isExtensible(holder)) return { ok: false, problem: 'its object is not extensible' };
      Object.defineProperty(holder, key, { value: wrapper, writable: true, enumerable: false, configurable: true });
    }
  } catch (error) {
    return { ok: false, problem: `it cannot be replaced (${error instanceof Error ? error.message : String(error)})` };
  }
  if (record[key] !== wrapper) return { ok: false, problem: 'it did not take the wrapper' };
  let byKey = saved.get(holder);
  if (!byKey) saved.set(holder, (byKey = new Map()));
  byKey.set(key, { wrapper, original, descriptor, assigned });
  return { ok: true, wrapper, installed: true };
}

/**
 * Puts back what `wrap()` replaced: the same property descriptor, or no own property where the
 * function was inherited. A wrapper someone else has since replaced is left alone (false).
 */
export function unwrap(holder: object, key: PropertyKey): boolean {
  const byKey = saved.get(holder);
  const entry = byKey?.get(key);
  if (!byKey || !entry) return false;
  const record = holder as Record<PropertyKey, unknown>;
  if (record[key] !== entry.wrapper) return false;
  if (entry.assigned) record[key] = entry.original;
  else if (entry.descriptor) Object.defineProperty(holder, key, entry.descriptor);
  else delete record[key];
  byKey.delete(key);
  return true;
}

// --- objects of one request -------------------------------------------------------------------

/**
 * For an object that lives as long as one request (its response, its Request): makes `wrapper`,
 * a docgen wrapper marked with `markWrapper`, the object's own `key` over the function it
 * inherits, by plain assignment, as the ecosystem's middleware wrap `res.write` (compression,
 * on-headers): `defineProperty` costs microseconds on such objects, more than a request can
 * spare. Nothing is recorded (the object goes with its request); `unshadow` deletes the own
 * property, which puts the inherited function back. Returns the inherited function, or
 * undefined when the object already has an own `key` or does not inherit a writable function:
 * then it is left as it was (`wrap` serves that case).
 */
export function shadow(holder: object, key: PropertyKey, wrapper: AnyFunction): AnyFunction | undefined {
  if (Object.prototype.hasOwnProperty.call(holder, key)) return undefined;
  const record = holder as Record<PropertyKey, unknown>;
  const inherited = record[key];
  if (typeof inherited !== 'function') return undefined;
  try {
    record[key] = wrapper;
  } catch {
    return undefined;
  }
  return record[key] === wrapper ? (inherited as AnyFunction) : undefined;
}

/** Takes out what `shadow` put in; false when the own property is not that docgen wrapper any more. */
export function unshadow(holder: object, key: PropertyKey, wrapper: AnyFunction): boolean {
  if (!Object.prototype.hasOwnProperty.call(holder, key) || (holder as Record<PropertyKey, unknown>)[key] !== wrapper) return false;
  return delete (holder as Record<PropertyKey, unknown>)[key];
}

// --- the wrappers ---------------------------------------------------------------------------

export interface RegistrationHooks {
  before?: (call: CallInfo) => void;
  after?: (call: CallInfo, result: unknown) => void;
  /** Frames between the app and this method when the framework calls it (`express()` -> `init`). */
  callerDepth?: number;
  /**
   * The framework's own folder: when the framework's own code calls the method for the app
   * (Express's `app.get(path)` calls `router.route()`), the recorded site is the first frame outside it;
   * several folders for a framework and the libraries that register through it (@hono/zod-openapi).
   */
  frameworkRoot?: Folders;
}

let depth = 0;
let callId = 0;
let outerSite: CallSite | undefined;

/**
 * A registration method's wrapper: runs `before` (inspect arguments), the original, then `after`
 * (record the result). The outermost wrapped call captures the app's call site once; nested
 * framework-internal calls (router.get calling router.route) reuse it.
 */
export function registrationWrapper(original: AnyFunction, hooks: RegistrationHooks): AnyFunction {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const outermost = depth === 0;
    if (outermost) {
      outerSite = captureCallSite(wrapped, hooks.callerDepth, hooks.frameworkRoot);
      callId++;
    }
    depth++;
    try {
      const call: CallInfo = { self: this, args, site: outerSite! };
      if (hooks.before) guarded(() => hooks.before!(call));
      const result = original.apply(this, args);
      if (hooks.after) guarded(() => hooks.after!(call, result));
      return result;
    } finally {
      depth--;
      if (outermost) outerSite = undefined;
    }
  };
  return markWrapper(wrapped, original);
}

export interface ObserverHooks {
  before?: (args: readonly unknown[], self: unknown) => void;
  after?: (args: readonly unknown[], result: unknown, self: unknown) => void;
}

/** A wrapper that only looks at calls and results: no call site, no effect on registration calls. */
export function observerWrapper(original: AnyFunction, hooks: ObserverHooks): AnyFunction {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    if (hooks.before) guarded(() => hooks.before!(args, this));
    const result = original.apply(this, args);
    if (hooks.after) guarded(() => hooks.after!(args, result, this));
    return result;
  };
  return markWrapper(wrapped, original);
}

/**
 * The app's call into the framework that is under way, if any: its call site, and a number
 * that tells the registrations of one call (`app.get(path, mw, handler)`) from the next.
 */
export function currentCall(): { site: CallSite; id: number } | undefined {
  return depth > 0 && outerSite ? { site: outerSite, id: callId } : undefined;
}

/** How many calls into a framework have been recorded so far: a start-up still registering routes moves it. */
export function registrationCalls(): number {
  return callId;
}

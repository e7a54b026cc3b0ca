/**
 * Method wrapping shared by the adapters. Wrappers record and then call the original with the
 * same `this` and arguments, so the framework behaves exactly as it would without docgen. The
 * outermost wrapped call captures the app's call site once; nested framework-internal calls
 * (app.get calling router.route) reuse it.
 */
import { captureCallSite, type CallSite } from '../model/call-site.js';

const ORIGINAL = Symbol.for('docgen.original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

export interface CallInfo {
  readonly self: unknown;
  readonly args: unknown[];
  /** Where the app called into the framework. */
  readonly site: CallSite;
}

let depth = 0;
let callId = 0;
let reportError: (error: unknown) => void = () => {};

/** Where a failure inside docgen's own recording goes: it never reaches the app. */
export function onRecordingError(report: (error: unknown) => void): void {
  reportError = report;
}

function guard(record: () => void): void {
  try {
    record();
  } catch (error) {
    reportError(error);
  }
}
let outerSite: CallSite | undefined;

/**
 * Replaces `target[key]` with a wrapper that runs `before` (inspect arguments), the original,
 * then `after` (record the result). Re-wrapping the same function is a no-op.
 */
export function wrapMethod(
  target: object,
  key: string,
  hooks: {
    before?: (call: CallInfo) => void;
    after?: (call: CallInfo, result: unknown) => void;
    /** Frames between the app and this method when the framework calls it (`express()` -> `init`). */
    callerDepth?: number;
    /**
     * A call that registers nothing, passed straight to the original with nothing recorded:
     * Express's `app.get(name)` reads a setting, and Express itself does so on every request.
     */
    passThrough?: (args: unknown[]) => boolean;
  },
): void {
  const holder = target as Record<string, unknown>;
  const original = holder[key];
  if (typeof original !== 'function' || ORIGINAL in original) return;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    if (hooks.passThrough?.(args)) return (original as AnyFunction).apply(this, args);
    const outermost = depth === 0;
    if (outermost) {
      outerSite = captureCallSite(wrapped, hooks.callerDepth);
      callId++;
    }
    depth++;
    try {
      const call: CallInfo = { self: this, args, site: outerSite! };
      guard(() => hooks.before?.(call));
      const result = (original as AnyFunction).apply(this, args);
      guard(() => hooks.after?.(call, result));
      return result;
    } finally {
      depth--;
      if (outermost) outerSite = undefined;
    }
  };
  Object.defineProperty(wrapped, 'name', { value: (original as AnyFunction).name });
  Object.defineProperty(wrapped, 'length', { value: (original as AnyFunction).length });
  Object.defineProperty(wrapped, ORIGINAL, { value: original });
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { ...descriptor, value: wrapped });
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

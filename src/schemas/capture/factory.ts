/**
 * Wrapping a validation library's exported factory: the wrapper calls the original with the
 * same `this` and arguments, returns its result unchanged, and then reports both. Lighter than
 * the framework wrappers (no call site): a factory call is no registration.
 */
const ORIGINAL = Symbol.for('docgen.original-factory');

type Factory = (this: unknown, ...args: unknown[]) => unknown;

let reportError: (error: unknown) => void = () => {};

/** Where a failure of docgen's own recording goes; it never reaches the app. */
export function onCaptureError(report: (error: unknown) => void): void {
  reportError = report;
}

/**
 * Replaces `holder[key]`. `holder` is a CommonJS `module.exports` or the accessor object of an
 * ES module (its setter assigns the module's own binding, so the module's internal callers see
 * the wrapper too). Returns false when there is nothing to wrap.
 */
export function wrapFactory(holder: object, key: string, made: (args: readonly unknown[], result: unknown, self: unknown) => void): boolean {
  const record = holder as Record<string, unknown>;
  const original = record[key];
  if (typeof original !== 'function' || ORIGINAL in original) return false;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const result = (original as Factory).apply(this, args);
    try {
      made(args, result, this);
    } catch (error) {
      reportError(error);
    }
    return result;
  };
  Object.defineProperty(wrapped, 'name', { value: original.name });
  Object.defineProperty(wrapped, 'length', { value: original.length });
  Object.defineProperty(wrapped, ORIGINAL, { value: original });
  try {
    record[key] = wrapped;
  } catch {
    // a read-only export: defined below
  }
  if (record[key] !== wrapped) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, key);
    if (!descriptor?.configurable) return false;
    Object.defineProperty(holder, key, { configurable: true, enumerable: descriptor.enumerable ?? true, writable: true, value: wrapped });
  }
  return true;
}

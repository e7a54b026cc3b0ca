/**
 * The hooks one instrumentation installs in one copy of a package, kept so that docgen can
 * check, once the patch is done, that every hook it meant to install is in place, name any that
 * is not, and take all of them out again (a package half instrumented would be documented
 * wrongly). Hooks installed later on the framework's own instances (Hono's per-instance methods)
 * go through the same set; a problem then is told at once.
 */
import {
  observerWrapper,
  registrationWrapper,
  unwrap,
  wrap,
  type AnyFunction,
  type ObserverHooks,
  type RegistrationHooks,
  type Replacement,
} from './wrap.js';

interface Hook {
  readonly holder: object;
  readonly key: string;
  /** How a message names it: `Route.prototype.get`. */
  readonly name: string;
  /** The wrapper this set installed; undefined when it found one already there or failed. */
  readonly wrapper: Replacement | undefined;
  readonly problem: string | undefined;
}

export interface HookOptions {
  /** A function only some versions in the supported range have: its absence is no problem. */
  readonly optional?: boolean;
}

export class HookSet {
  readonly #hooks: Hook[] = [];
  readonly #warn: (message: string) => void;
  readonly #owner: string;
  #checked = false;
  readonly #told = new Set<string>();

  /** `owner` names the package copy in messages: `express 4.22.3`. */
  constructor(owner: string, warn: (message: string) => void) {
    this.#owner = owner;
    this.#warn = warn;
  }

  /** Wraps a registration method (see `registrationWrapper`). `where` names `holder`: `Route.prototype`. */
  registration(holder: object, where: string, key: string, hooks: RegistrationHooks = {}, options: HookOptions = {}): void {
    this.#install(holder, where, key, (original) => registrationWrapper(original, hooks), options);
  }

  /** Wraps a function whose calls are only looked at (see `observerWrapper`). */
  observer(holder: object, where: string, key: string, hooks: ObserverHooks, options: HookOptions = {}): void {
    this.#install(holder, where, key, (original) => observerWrapper(original, hooks), options);
  }

  /** Puts `replace(original)` (a class of docgen's, marked as standing in for the original) in place of `holder[key]`. */
  replacement(holder: object, where: string, key: string, replace: (original: AnyFunction) => Replacement): void {
    this.#install(holder, where, key, replace, {});
  }

  #install(holder: object, where: string, key: string, make: (original: AnyFunction) => Replacement, options: HookOptions): void {
    const name = `${where}.${key}`;
    if (options.optional && (holder as Record<string, unknown>)[key] === undefined) return;
    const result = wrap(holder, key, make);
    if (!this.#checked) {
      this.#hooks.push(result.ok ? { holder, key, name, wrapper: result.installed ? result.wrapper : undefined, problem: undefined } : { holder, key, name, wrapper: undefined, problem: result.problem });
      return;
    }
    // After the check, a hook on an instance the app just made: a problem is told now, once per hook.
    if (!result.ok && !this.#told.has(name)) {
      this.#told.add(name);
      this.#warn(`${this.#owner}: docgen could not install its hook on ${name} (${result.problem}); what goes through it is not documented`);
    }
  }

  /** The hooks that are not in place, each with its reason: `Route.prototype.all (there is no such function)`. */
  missing(): string[] {
    this.#checked = true;
    const missing: string[] = [];
    for (const hook of this.#hooks) {
      if (hook.problem) missing.push(`${hook.name} (${hook.problem})`);
      else if (hook.wrapper && (hook.holder as Record<string, unknown>)[hook.key] !== hook.wrapper) missing.push(`${hook.name} (it was replaced after docgen installed it)`);
    }
    return missing;
  }

  /** Takes out every hook this set installed, restoring each property as it was. */
  unwrapAll(): void {
    for (const hook of this.#hooks.splice(0).reverse()) if (hook.wrapper) unwrap(hook.holder, hook.key);
  }
}

/**
 * express-validator chains expose their builder (fields, locations, validators), read when the
 * document is built. Only the validators made with `custom()` are anonymous (`isString()`,
 * `isArray()`, `isObject()`, `exists()`): the chain method that added each one is recorded here.
 */
import type { Instrumentation } from '../../instrumentation/contract.js';
import { EXPRESS_VALIDATOR } from '../../instrumentation/targets.js';

const CUSTOM_BASED = ['isString', 'isArray', 'isObject', 'exists'];

export const expressValidatorInstrumentation: Instrumentation = {
  target: EXPRESS_VALIDATOR,
  patch(exports, _file, context) {
    const proto = (exports as { ValidatorsImpl?: { prototype?: object } } | undefined)?.ValidatorsImpl?.prototype;
    if (!proto) {
      context.warn(`express-validator ${context.version} at ${context.packageRoot} has an unexpected shape; isString(), isArray(), isObject() and exists() are not documented`);
      return undefined;
    }
    const { schemas } = context.registry;
    for (const method of CUSTOM_BASED) {
      // `self` is the chain's ValidatorsImpl, which keeps the item it just added as lastValidator.
      context.hooks.observer(proto, 'ValidatorsImpl.prototype', method, {
        after: (args, _chain, self) => schemas.validatorCall((self as { lastValidator?: unknown } | undefined)?.lastValidator, { method, args }),
      });
    }
    return undefined;
  },
};

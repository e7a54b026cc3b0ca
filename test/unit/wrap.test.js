// The one wrapping mechanism, on real framework objects loaded in this process: idempotent
// wrapping, an unwrap that restores the exact property (descriptor included), one marker for
// every kind of wrapper docgen makes (methods, factories, koa-mount's export, replaced classes),
// and one error channel that keeps docgen's failures away from the app.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { isWrapped, markWrapper, onInstrumentationError, originalOf, registrationWrapper, observerWrapper, shadow, unshadow, unwrap, wrap } from '../../dist/instrumentation/wrap.js';
import { ServerResponse, IncomingMessage } from 'node:http';
import { HookSet } from '../../dist/instrumentation/hook-set.js';
import { instrumentedSubclass } from '../../dist/instrumentation/subclass.js';
import { applyInstrumentation } from '../../dist/instrumentation/apply.js';
import { koaInstrumentation, koaMountInstrumentation } from '../../dist/adapters/koa/index.js';
import { honoZodValidatorInstrumentation } from '../../dist/schemas/capture/hono.js';
import { namedPackageOf } from '../../dist/loading/package-info.js';
import { RouteRegistry } from '../../dist/model/registry.js';

const require = createRequire(import.meta.url);
const express4 = require('express4');
const express5 = require('express5');

const descriptors = (object) => Object.fromEntries(Reflect.ownKeys(object).map((key) => [String(key), Object.getOwnPropertyDescriptor(object, key)]));

test('wrap then unwrap restores every property of real Express prototypes exactly, descriptors included', () => {
  for (const express of [express4, express5]) {
    const routerProto = typeof express.Router.prototype?.route === 'function' ? express.Router.prototype : express.Router;
    for (const holder of [express.application, routerProto, express.Route.prototype]) {
      const before = descriptors(holder);
      const keys = Object.keys(before).filter((key) => typeof before[key].value === 'function');
      assert.ok(keys.length > 5);
      for (const key of keys) assert.ok(wrap(holder, key, (original) => registrationWrapper(original, {})).ok, key);
      for (const key of keys) assert.ok(isWrapped(holder[key]) && originalOf(holder[key]) === before[key].value, key);
      for (const key of keys) assert.ok(unwrap(holder, key), key);
      const after = descriptors(holder);
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) assert.equal(after[key], before[key], key);
    }
  }
});

test('wrapping twice is a no-op; an inherited method is shadowed and unwrap removes the shadow; an accessor with a setter is assigned through it', () => {
  const route = new express5.Route('/x');
  const inheritedGet = route.get;
  const first = wrap(route, 'get', (original) => registrationWrapper(original, {}));
  const second = wrap(route, 'get', (original) => registrationWrapper(original, {}));
  assert.ok(first.ok && first.installed);
  assert.ok(second.ok && !second.installed);
  assert.is(route.get, first.wrapper);
  assert.is(originalOf(route.get), inheritedGet);
  assert.not.ok(Object.getOwnPropertyDescriptor(route, 'get').enumerable);
  assert.ok(unwrap(route, 'get'));
  assert.is(Object.getOwnPropertyDescriptor(route, 'get'), undefined);
  assert.is(route.get, inheritedGet);

  // An ES module's exported binding, as the module hooks hand it over: get and set accessors.
  let binding = express5.Router;
  const accessors = { get Router() { return binding; }, set Router(value) { binding = value; } };
  const before = Object.getOwnPropertyDescriptor(accessors, 'Router');
  assert.ok(wrap(accessors, 'Router', (original) => observerWrapper(original, {})).ok);
  assert.ok(isWrapped(binding));
  assert.ok(unwrap(accessors, 'Router'));
  assert.is(binding, express5.Router);
  assert.equal(Object.getOwnPropertyDescriptor(accessors, 'Router'), before);
});

test('a wrapper someone replaced after docgen is not clobbered by unwrap', () => {
  const holder = { use: function use() { return 'own'; } };
  assert.ok(wrap(holder, 'use', (original) => observerWrapper(original, {})).ok);
  const theirs = function use() { return 'theirs'; };
  holder.use = theirs;
  assert.not.ok(unwrap(holder, 'use'));
  assert.is(holder.use, theirs);
});

test('what cannot be wrapped says why: no such function, read-only, frozen object', () => {
  assert.equal(wrap({}, 'missing', (o) => o), { ok: false, problem: 'there is no such function' });
  const frozen = Object.freeze({ get() {} });
  assert.equal(wrap(frozen, 'get', (o) => observerWrapper(o, {})), { ok: false, problem: 'it is read-only' });
  const sealed = Object.preventExtensions(Object.create({ inherited() {} }));
  assert.equal(wrap(sealed, 'inherited', (o) => observerWrapper(o, {})), { ok: false, problem: 'its object is not extensible' });
});

test('one marker for every kind of wrapper: registration and observer wrappers, koa-mount, replaced classes', () => {
  const registry = new RouteRegistry();
  const mount = require('koa-mount');
  const mountRoot = namedPackageOf(require.resolve('koa-mount'));
  const patched = applyInstrumentation(koaMountInstrumentation, 'index.js', mountRoot, mount, { registry, warn: assert.unreachable });
  assert.is(patched.kind, 'patched');
  assert.ok(isWrapped(patched.replacement));
  assert.is(originalOf(patched.replacement), mount);
  // patching the wrapper again changes nothing
  assert.is(applyInstrumentation(koaMountInstrumentation, 'index.js', mountRoot, patched.replacement, { registry, warn: assert.unreachable }).replacement, undefined);

  const Koa = require('koa3');
  const koa = applyInstrumentation(koaInstrumentation, 'lib/application.js', namedPackageOf(require.resolve('koa3')), Koa, { registry, warn: assert.unreachable });
  assert.ok(isWrapped(koa.replacement));
  assert.is(originalOf(koa.replacement), Koa);
  assert.is(koa.replacement.name, 'Application');
  // a subclass of the replacement is not itself a docgen wrapper
  assert.not.ok(isWrapped(class App extends koa.replacement {}));

  const zod = require('@hono/zod-validator');
  const exportsCopy = { ...zod };
  applyInstrumentation(honoZodValidatorInstrumentation, 'dist/index.cjs', namedPackageOf(require.resolve('@hono/zod-validator')), exportsCopy, { registry, warn: assert.unreachable });
  assert.ok(isWrapped(exportsCopy.zValidator));
  assert.is(originalOf(exportsCopy.zValidator), zod.zValidator);
});

test("shadow: a request's object gets the wrapper as its own property over what it inherits, the same marker, and unshadow puts the inherited one back; an own property already there is left alone", () => {
  const res = new ServerResponse(new IncomingMessage(null));
  const inherited = res.write;
  const wrapper = markWrapper(function write(...args) { return inherited.apply(this, args); }, inherited);
  assert.is(shadow(res, 'write', wrapper), inherited);
  assert.ok(Object.prototype.hasOwnProperty.call(res, 'write'));
  assert.is(res.write, wrapper);
  assert.ok(isWrapped(res.write));
  assert.is(originalOf(res.write), inherited);
  assert.is(ServerResponse.prototype.write, inherited, 'the prototype is untouched');
  // Already its own: left alone (wrap() serves that case).
  assert.is(shadow(res, 'write', wrapper), undefined);
  assert.ok(unshadow(res, 'write', wrapper));
  assert.not.ok(Object.prototype.hasOwnProperty.call(res, 'write'));
  assert.is(res.write, inherited);
  assert.not.ok(unshadow(res, 'write', wrapper));
  // Nothing inherited to stand over, or a frozen object: nothing done.
  assert.is(shadow({}, 'write', wrapper), undefined);
  assert.is(shadow(Object.freeze(Object.create(ServerResponse.prototype)), 'write', wrapper), undefined);
});

test('one error channel: a failure inside a hook is reported there, and the app gets the original result', () => {
  const errors = [];
  onInstrumentationError((error) => errors.push(error.message));
  const router = express5.Router();
  const hooks = new HookSet('express 5', assert.unreachable);
  hooks.registration(router, 'router', 'route', { after() { throw new Error('recording failed'); } });
  hooks.observer(router, 'router', 'param', { before() { throw new Error('observing failed'); } });
  const Base = class Base { constructor() { this.made = true; } };
  const Instrumented = instrumentedSubclass(Base, 0, () => { throw new Error('constructor hook failed'); });
  assert.equal(hooks.missing(), []);
  const route = router.route('/x');
  assert.instance(route, express5.Route);
  assert.is(router.param('id', () => {}), router);
  assert.ok(new Instrumented().made);
  assert.equal(errors, ['recording failed', 'observing failed', 'constructor hook failed']);
  hooks.unwrapAll();
  assert.not.ok(Object.prototype.hasOwnProperty.call(router, 'route'));
  onInstrumentationError(() => {});
});

test.run();

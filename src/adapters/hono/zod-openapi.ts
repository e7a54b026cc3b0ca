/**
 * @hono/zod-openapi. `OpenAPIHono` extends Hono, so Hono's adapter sees its apps and routes;
 * three things need the library itself:
 *
 * - its `basePath()` (which Hono's `route()` calls too) makes a clone with `new OpenAPIHono()`
 *   that shares its origin's routes: that clone is its origin, not an app of its own (otherwise
 *   every `route()` gave one more, identical, document);
 * - `app.openapi(route, handler)` and `app.doc()` register through `app.on()` and `app.get()`
 *   from inside the library: the app's own frame is the one after the library's;
 * - the app declared its routes to the library (`createRoute()`: parameters, bodies, responses,
 *   security, named schemas), and the library builds its document from them: docgen asks each
 *   app for it (`getOpenAPI31Document()`, the same document `app.doc31()` serves) when docgen's
 *   is built, and fills the operations it saw registered with it (src/openapi/declared.ts).
 */
import type { Instrumentation } from '../../instrumentation/contract.js';
import { HONO_ZOD_OPENAPI } from '../../instrumentation/targets.js';
import { honoLibrary } from './index.js';

export const honoZodOpenApiInstrumentation: Instrumentation = {
  target: HONO_ZOD_OPENAPI,
  patch(exports, _file, context) {
    const OpenAPIHono = (exports as { OpenAPIHono?: unknown } | undefined)?.OpenAPIHono;
    const proto = typeof OpenAPIHono === 'function' ? (OpenAPIHono.prototype as Record<string, unknown>) : undefined;
    if (!proto || typeof proto.basePath !== 'function') {
      context.warn(`${HONO_ZOD_OPENAPI.packageName} ${context.version} at ${context.packageRoot} has an unexpected shape; what its routes declare is not documented`);
      return undefined;
    }
    const library = honoLibrary(context.registry);
    library.skipFrames(context.packageRoot);
    library.declaring(declaredDocument);
    context.hooks.observer(proto, 'OpenAPIHono.prototype', 'basePath', {
      before: (_args, self) => library.cloning(self as object),
      after: () => library.cloning(undefined),
    });
    return undefined;
  },
};

/** The document the library builds for an app: OpenAPI 3.1, as docgen's. Undefined for a plain Hono app. */
function declaredDocument(app: object): unknown {
  const build = (app as { getOpenAPI31Document?: unknown }).getOpenAPI31Document;
  if (typeof build !== 'function') return undefined;
  return (build as (config: object) => unknown).call(app, { openapi: '3.1.0', info: { title: '', version: '' } });
}

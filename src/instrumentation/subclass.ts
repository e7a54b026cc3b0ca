/**
 * For frameworks whose instances cannot be seen through their prototype (Hono's per-instance
 * methods, Koa apps that must be recorded where they are created): a subclass of the exported
 * class whose constructor hands each new instance, and the frame that created it, to docgen.
 * It keeps the original's name, and carries the one marker of wrap.ts (`isWrapped`,
 * `originalOf`), so a class already replaced is told and the original can be put back.
 */
import { captureCallSite, type CallSite, type Folders } from '../model/call-site.js';
import { guarded, markWrapper } from './wrap.js';

// TypeScript's mixin rule: a class extending a type parameter needs `...args: any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = new (...args: any[]) => object;

/**
 * `framesAbove`: constructors of the framework between the app's `new` and this subclass (Hono's
 * own `Hono` class stands between the app and the replaced `HonoBase`). `outside()`: folders
 * whose frames come after those and are skipped too (subclasses a library makes, such as
 * @hono/zod-openapi's `OpenAPIHono`), or nothing.
 */
export function instrumentedSubclass<C extends Constructor>(Base: C, framesAbove: number, created: (instance: InstanceType<C>, site: CallSite) => void, outside?: () => Folders | undefined): C {
  const Instrumented = class extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      guarded(() => created(this as InstanceType<C>, captureCallSite(Instrumented, framesAbove, outside?.())));
    }
  };
  return markWrapper(Instrumented, Base);
}

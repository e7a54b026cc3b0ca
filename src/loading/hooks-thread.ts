/** The module `module.register()` loads on its hooks thread (Node < 22.15). */
export { resolveAsync as resolve, loadAsync as load } from './hooks.js';

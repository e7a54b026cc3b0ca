/**
 * ES modules have no exports object to patch from outside. For a framework file, the module
 * hooks append one statement that hands docgen an object whose properties read and assign the
 * module's exported bindings, so an adapter can patch prototypes or replace a class as it does
 * with a CommonJS `module.exports`.
 */
export const MODULE_EVALUATED_KEY = 'docgen.moduleEvaluated';

/** Exported binding name -> local binding name, from the module's `export` statements. */
function exportedBindings(source: string): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const clause of source.matchAll(/^export\s*\{([^}]*)\}\s*;?\s*$/gm)) {
    for (const item of clause[1]!.split(',')) {
      const [local, exported] = item.trim().split(/\s+as\s+/);
      if (local) bindings.set(exported ?? local, local);
    }
  }
  for (const declaration of source.matchAll(/^export\s+(?:async\s+)?(?:class|function\*?|const|let|var)\s+([\w$]+)/gm)) {
    bindings.set(declaration[1]!, declaration[1]!);
  }
  return bindings;
}

/**
 * A top-level `const` binding cannot be assigned by the accessor (validator libraries export
 * `const zValidator = ...`): those declarations become `let`, which behaves the same otherwise.
 */
function assignable(source: string, locals: Iterable<string>): string {
  const names = [...new Set(locals)].filter((name) => /^[\w$]+$/.test(name));
  if (names.length === 0) return source;
  const pattern = new RegExp(`^(export\\s+)?const(\\s+)(${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})(\\s*=)`, 'gm');
  return source.replace(pattern, (_m, exported: string | undefined, space: string, name: string, equals: string) => `${exported ?? ''}let${space}${name}${equals}`);
}

/** The source with the statement appended, or undefined for a module with no exports (CommonJS). */
export function withExportAccessors(source: string, url: string): string | undefined {
  const bindings = exportedBindings(source);
  if (bindings.size === 0) return undefined;
  source = assignable(source, bindings.values());
  const accessors = [...bindings].map(([exported, local]) => {
    const key = JSON.stringify(exported);
    return `get ${key}() { return ${local}; }, set ${key}(value) { ${local} = value; }`;
  });
  return `${source}\n;globalThis[Symbol.for(${JSON.stringify(MODULE_EVALUATED_KEY)})]?.(${JSON.stringify(url)}, { ${accessors.join(', ')} });\n`;
}

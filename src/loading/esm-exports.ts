/**
 * ES modules have no exports object to patch from outside. For a framework file, the module
 * hooks append one statement that hands docgen an object whose properties read and assign the
 * module's exported bindings, so an adapter can patch prototypes or replace a class as it does
 * with a CommonJS `module.exports`. The exports, their local bindings and their positions come
 * from es-module-lexer (the lexer Node's own tooling and Vite use), never from patterns over
 * the source; only target files are lexed.
 */
import { parse, type Export } from 'es-module-lexer';

export const MODULE_EVALUATED_KEY = 'docgen.moduleEvaluated';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The call that hands docgen the module's URL and its accessors (`undefined`: none). */
function notice(url: string, accessors: string | undefined): string {
  return `\n;globalThis[Symbol.for(${JSON.stringify(MODULE_EVALUATED_KEY)})]?.(${JSON.stringify(url)}, ${accessors ?? 'undefined'});\n`;
}

/**
 * Only the statement that tells docgen the module was evaluated, with no accessors: for a
 * version docgen does not instrument, so that it can say so.
 */
export function withLoadNotice(source: string, url: string): string {
  return source + notice(url, undefined);
}

/**
 * The source with the accessor statement appended, or undefined for a module with no exports of
 * its own (CommonJS). `replaced`: exported names an adapter replaces (a class, a factory).
 * Their importers must see the replacement even where the module binds it with `const`
 * (`const zValidator = ...; export { zValidator }`): an exported `const` declaration becomes
 * `let`, and an export list entry is pointed at a `let` binding of docgen's, which the setter
 * assigns along with the module's own binding (so the module's own references, like Hono's
 * `HonoBase`, see it too where that binding is assignable).
 */
export function withExportAccessors(source: string, url: string, replaced: readonly string[] = []): string | undefined {
  let exports: readonly Export[];
  try {
    exports = parse(source, url)[1];
  } catch {
    // Not a module the lexer can read: docgen is told, with no accessors, and says so.
    return withLoadNotice(source, url);
  }
  const local = exports.filter((e): e is Extract<Export, { type: 'direct' }> => e.type === 'direct' && e.localName !== undefined && !e.typeOnly);
  if (local.length === 0) return undefined;
  const edits: Edit[] = [];
  const declarations: string[] = [];
  const accessors = local.map((entry, index) => {
    const key = JSON.stringify(entry.name);
    const binding = entry.localName!;
    if (!replaced.includes(entry.name)) return `get ${key}() { return ${binding}; }, set ${key}(value) { ${binding} = value; }`;
    const head = afterExportKeyword(source, entry.exportStart);
    if (source[head] !== '{') {
      // `export const name = ...`: `let` behaves the same and can be assigned.
      if (isKeywordAt(source, head, 'const')) edits.push({ start: head, end: head + 'const'.length, text: 'let' });
      return `get ${key}() { return ${binding}; }, set ${key}(value) { ${binding} = value; }`;
    }
    // `export { local as name }`: the entry now exports docgen's binding, made from the module's own.
    const alias = `__docgen_export_${index}`;
    const from = Math.min(entry.start, entry.localStart);
    const to = Math.max(entry.end, entry.localEnd);
    edits.push({ start: from, end: to, text: `${alias} as ${source.slice(entry.start, entry.end)}` });
    declarations.push(`let ${alias} = ${binding};`);
    return `get ${key}() { return ${alias}; }, set ${key}(value) { ${alias} = value; try { ${binding} = value; } catch {} }`;
  });
  let rewritten = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  const declared = declarations.length ? `\n;${declarations.join(' ')}` : '';
  return rewritten + declared + notice(url, `{ ${accessors.join(', ')} }`);
}

/** The position of the first token after the `export` keyword at `exportStart`: whitespace and comments are skipped. */
function afterExportKeyword(source: string, exportStart: number): number {
  let i = exportStart + 'export'.length;
  for (;;) {
    const c = source.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) {
      i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) return source.length;
      i = end + 2;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i + 2);
      if (end === -1) return source.length;
      i = end + 1;
    } else {
      return i;
    }
  }
}

/** Whether `keyword` stands at `position` as a whole word. */
function isKeywordAt(source: string, position: number, keyword: string): boolean {
  if (!source.startsWith(keyword, position)) return false;
  const next = source.charCodeAt(position + keyword.length);
  const identifierPart = (next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x24 || next === 0x5f || next > 0x7f;
  return !identifierPart;
}

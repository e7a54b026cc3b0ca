/**
 * The files an app's own swagger-jsdoc call names: `swaggerJsdoc({ definition, apis: [...] })`
 * is the app's statement of where its blocks are, including YAML files and files the app never
 * loads. Read from the syntax of a file that imports or requires `swagger-jsdoc` (nothing is
 * run): the first argument, written there or a `const` of the same file, and its `apis` array,
 * written there or a `const`, of string literals, `path.join(__dirname, '...')` /
 * `path.resolve(__dirname, '...')` and `` `${__dirname}/...` ``. Relative patterns are relative
 * to the working directory, as swagger-jsdoc's glob reads them.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type * as TS from 'typescript';
import type { FileIndex } from './file-index.js';
import { ts } from './source-cache.js';

const PACKAGE = 'swagger-jsdoc';

/** Absolute glob patterns, in the order written. */
export function swaggerJsdocApis(index: FileIndex, cwd: string): string[] {
  const t = ts();
  const sourceFile = index.sourceFile;
  if (!sourceFile.text.includes(PACKAGE)) return [];
  const names = new Set<string>();
  const constants = new Map<string, TS.Expression>();
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) && t.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === PACKAGE) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && t.isNamedImports(bindings)) for (const element of bindings.elements) if ((element.propertyName ?? element.name).text === 'default') names.add(element.name.text);
    }
    if (!t.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!t.isIdentifier(declaration.name) || !declaration.initializer) continue;
      if (isRequireOf(t, declaration.initializer)) names.add(declaration.name.text);
      else constants.set(declaration.name.text, declaration.initializer);
    }
  }
  if (names.size === 0) return [];
  const dir = dirname(sourceFile.fileName);
  const patterns: string[] = [];
  for (const calls of index.callsByLine.values()) {
    for (const call of calls) {
      if (!t.isIdentifier(call.expression) || !names.has(call.expression.text)) continue;
      const options = through(t, call.arguments[0]!, constants);
      if (!options || !t.isObjectLiteralExpression(options)) continue;
      const apis = options.properties.find((p): p is TS.PropertyAssignment => t.isPropertyAssignment(p) && propertyName(t, p.name) === 'apis');
      const list = apis && through(t, apis.initializer, constants);
      if (!list || !t.isArrayLiteralExpression(list)) continue;
      for (const element of list.elements) {
        const pattern = patternOf(t, element, dir);
        if (pattern !== undefined) patterns.push(isAbsolute(pattern) ? pattern : resolve(cwd, pattern));
      }
    }
  }
  return patterns;
}

function isRequireOf(t: typeof TS, expression: TS.Expression): boolean {
  return t.isCallExpression(expression) && t.isIdentifier(expression.expression) && expression.expression.text === 'require' && expression.arguments.length === 1 && t.isStringLiteral(expression.arguments[0]!) && expression.arguments[0].text === PACKAGE;
}

/** An expression, or the `const` initializer an identifier names. */
function through(t: typeof TS, expression: TS.Expression, constants: ReadonlyMap<string, TS.Expression>): TS.Expression | undefined {
  return t.isIdentifier(expression) ? constants.get(expression.text) : expression;
}

function propertyName(t: typeof TS, name: TS.PropertyName): string | undefined {
  return t.isIdentifier(name) || t.isStringLiteral(name) ? name.text : undefined;
}

function patternOf(t: typeof TS, element: TS.Expression, dir: string): string | undefined {
  if (t.isStringLiteral(element) || t.isNoSubstitutionTemplateLiteral(element)) return element.text;
  // `${__dirname}/routes/*.js`
  if (t.isTemplateExpression(element) && element.head.text === '' && element.templateSpans.length === 1) {
    const span = element.templateSpans[0]!;
    if (t.isIdentifier(span.expression) && span.expression.text === '__dirname') return dir + span.literal.text;
  }
  // path.join(__dirname, 'routes', '*.js'), path.resolve(...)
  if (t.isCallExpression(element) && t.isPropertyAccessExpression(element.expression) && ['join', 'resolve'].includes(element.expression.name.text)) {
    const parts: string[] = [];
    for (const argument of element.arguments) {
      if (t.isIdentifier(argument) && argument.text === '__dirname') parts.push(dir);
      else if (t.isStringLiteral(argument)) parts.push(argument.text);
      else return undefined;
    }
    return resolve(...parts);
  }
  return undefined;
}

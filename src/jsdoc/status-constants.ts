/**
 * A status written as an expression, resolved from the syntax of its file alone:
 * - a number literal (`404`);
 * - a constant of `http-status` (`httpStatus.NOT_FOUND`, `status.NOT_FOUND`,
 *   `httpStatus['NOT_FOUND']`) or `http-status-codes` (`StatusCodes.NOT_FOUND`,
 *   `HttpStatus.StatusCodes.NOT_FOUND`, `NOT_FOUND` imported by name), by the names in
 *   status-names.ts, imported or required at the top of the file;
 * - the file's own top-level `enum`/`const enum` members with number initializers, `const`
 *   objects of numbers (`as const` and `Object.freeze` too) and `const` numbers.
 * Anything else is undefined (a status only known at run time).
 */
import type * as TS from 'typescript';
import { ts } from './source-cache.js';
import { standardStatus } from './status-names.js';

const STATUS_MODULES = new Set(['http-status', 'http-status-codes']);
/** Members of a package namespace that hold the constants: `StatusCodes`, http-status's `status`, `default`. */
const HOLDER_MEMBERS = new Set(['StatusCodes', 'status', 'default', 'httpStatus']);

interface FileConstants {
  /** Local names whose members are the packages' constants (`httpStatus`, `StatusCodes`). */
  readonly holders: ReadonlySet<string>;
  /** Local names of a package's module object (`import * as HttpStatus`): constants directly or under a holder member. */
  readonly namespaces: ReadonlySet<string>;
  /** Names bound to one number: imported constants, `const NOT_FOUND = 404`. */
  readonly numbers: ReadonlyMap<string, number>;
  /** The file's enums and `const` objects of numbers, by name and member. */
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

const perFile = new WeakMap<TS.SourceFile, FileConstants>();

export function statusOf(expression: TS.Expression | undefined, sourceFile: TS.SourceFile): number | undefined {
  if (!expression) return undefined;
  const t = ts();
  const node = skipOuter(expression);
  if (t.isNumericLiteral(node)) return valid(Number(node.text));
  const constants = constantsOf(sourceFile);
  if (t.isIdentifier(node)) return constants.numbers.get(node.text);
  const access = memberAccess(node);
  if (!access) return undefined;
  const { receiver, member } = access;
  if (t.isIdentifier(receiver)) {
    if (constants.holders.has(receiver.text) || constants.namespaces.has(receiver.text)) return standardStatus(member);
    return constants.objects.get(receiver.text)?.get(member);
  }
  const inner = memberAccess(receiver);
  if (inner && t.isIdentifier(inner.receiver) && constants.namespaces.has(inner.receiver.text) && HOLDER_MEMBERS.has(inner.member)) return standardStatus(member);
  return undefined;
}

function valid(code: number): number | undefined {
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}

function skipOuter(expression: TS.Expression): TS.Expression {
  const t = ts();
  let node = expression;
  while (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) || t.isNonNullExpression(node) || t.isTypeAssertionExpression(node)) node = node.expression;
  return node;
}

/** `a.b` and `a['b']`: the receiver and the member's name. */
function memberAccess(node: TS.Expression): { receiver: TS.Expression; member: string } | undefined {
  const t = ts();
  if (t.isPropertyAccessExpression(node)) return { receiver: skipOuter(node.expression), member: node.name.text };
  if (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression)) return { receiver: skipOuter(node.expression), member: node.argumentExpression.text };
  return undefined;
}

function constantsOf(sourceFile: TS.SourceFile): FileConstants {
  let found = perFile.get(sourceFile);
  if (!found) perFile.set(sourceFile, (found = readConstants(sourceFile)));
  return found;
}

function readConstants(sourceFile: TS.SourceFile): FileConstants {
  const t = ts();
  const holders = new Set<string>();
  const namespaces = new Set<string>();
  const numbers = new Map<string, number>();
  const objects = new Map<string, Map<string, number>>();
  const named = (imported: string, local: string): void => {
    if (HOLDER_MEMBERS.has(imported)) holders.add(local);
    else {
      const code = standardStatus(imported);
      if (code !== undefined) numbers.set(local, code);
    }
  };
  for (const statement of sourceFile.statements) {
    if (t.isImportDeclaration(statement) && t.isStringLiteral(statement.moduleSpecifier) && STATUS_MODULES.has(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      if (clause?.name) holders.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && t.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) named((element.propertyName ?? element.name).text, element.name.text);
      continue;
    }
    if (t.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (t.isExternalModuleReference(reference) && t.isStringLiteral(reference.expression) && STATUS_MODULES.has(reference.expression.text)) namespaces.add(statement.name.text);
      continue;
    }
    if (t.isEnumDeclaration(statement)) {
      const members = new Map<string, number>();
      for (const member of statement.members) {
        const value = member.initializer && skipOuter(member.initializer);
        if (value && t.isNumericLiteral(value) && (t.isIdentifier(member.name) || t.isStringLiteral(member.name))) members.set(member.name.text, Number(value.text));
      }
      objects.set(statement.name.text, members);
      continue;
    }
    if (!t.isVariableStatement(statement) || !(statement.declarationList.flags & t.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer && unfrozen(skipOuter(declaration.initializer));
      if (!initializer) continue;
      const module = requiredModule(initializer);
      if (module) {
        if (t.isIdentifier(declaration.name)) namespaces.add(declaration.name.text);
        else if (t.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            const imported = element.propertyName && t.isIdentifier(element.propertyName) ? element.propertyName.text : t.isIdentifier(element.name) ? element.name.text : undefined;
            if (imported && t.isIdentifier(element.name)) named(imported, element.name.text);
          }
        }
        continue;
      }
      if (!t.isIdentifier(declaration.name)) continue;
      if (t.isNumericLiteral(initializer)) numbers.set(declaration.name.text, Number(initializer.text));
      else if (t.isObjectLiteralExpression(initializer)) objects.set(declaration.name.text, numberMembers(initializer));
    }
  }
  return { holders, namespaces, numbers, objects };
}

/** `Object.freeze({...})` is its object. */
function unfrozen(node: TS.Expression): TS.Expression {
  const t = ts();
  if (t.isCallExpression(node) && t.isPropertyAccessExpression(node.expression) && t.isIdentifier(node.expression.expression) && node.expression.expression.text === 'Object' && node.expression.name.text === 'freeze' && node.arguments[0]) {
    return skipOuter(node.arguments[0]);
  }
  return node;
}

/** `require('http-status')` or `require('http-status').default`: the package required. */
function requiredModule(node: TS.Expression): string | undefined {
  const t = ts();
  const call = t.isPropertyAccessExpression(node) && node.name.text === 'default' ? node.expression : node;
  if (!t.isCallExpression(call) || !t.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  const argument = call.arguments[0];
  return argument && t.isStringLiteral(argument) && STATUS_MODULES.has(argument.text) ? argument.text : undefined;
}

function numberMembers(object: TS.ObjectLiteralExpression): Map<string, number> {
  const t = ts();
  const members = new Map<string, number>();
  for (const property of object.properties) {
    if (!t.isPropertyAssignment(property) || !(t.isIdentifier(property.name) || t.isStringLiteral(property.name))) continue;
    const value = skipOuter(property.initializer);
    if (t.isNumericLiteral(value)) members.set(property.name.text, Number(value.text));
  }
  return members;
}

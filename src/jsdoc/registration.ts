/**
 * From a registration's line (and its handler's name) to the call that made it, the JSDoc
 * comment that documents it and the function that answers it.
 *
 * Which comment, first found wins (whole comments, never merged):
 * 1. A JSDoc directly above a chain link on its own line: `router\n  /** doc *\/\n  .get(...)`.
 * 2. A JSDoc directly above the statement, for the registrations on the statement's first line
 *    only: in `/** doc *\/ router.route('/x')\n  .get(a)\n  .post(b)` it documents neither link,
 *    and the one above `const app = new Hono()\n  .get(...)` describes the app. The call must be
 *    the statement's own expression (through a chain, `await`, `export default`, `const x =`,
 *    `return`), not a call inside a callback such as `list.forEach((r) => app.get(...))`.
 * 3. The JSDoc of the handler declared by that name in the same file: a function declaration,
 *    `const h = function/arrow` (exported or not), a class method or arrow property, an object
 *    literal's method or function property. The name must lead to one declaration: top-level
 *    ones first; two candidates at the same level are ambiguous and give nothing.
 * "Directly above": the JSDoc ends the run of comments before the code, with no blank line
 * between them (a `// eslint-disable-next-line` may stand between). `//` and `/* *\/` are never
 * documentation, and a blank line detaches a comment (a file's header comment is not the
 * first route's).
 */
import type * as TS from 'typescript';
import { docCommentBefore, leadingDocComment } from './doc-comment.js';
import { functionIn, wrappedFunctionIn, type FileIndex, type NamedHandler } from './file-index.js';
import { ts } from './source-cache.js';

/** `bound list` is `list`; `<anonymous>` and '' are no name. */
export function cleanHandlerName(name: string | undefined): string | undefined {
  const clean = name?.replace(/^(bound )+/, '').trim();
  return clean && clean !== '<anonymous>' && clean !== 'anonymous' ? clean : undefined;
}

const REGISTRATION_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'options', 'head', 'trace', 'all', 'on']);

/**
 * The call at `line` that registered the route. With several calls on the line, each hint that
 * leaves some candidates narrows them: the HTTP method (`.get(...)`, or `.all`/`.on`), the
 * handler's name among the arguments, a method name that registers routes at all (not
 * `forEach` around `app.get(...)`, not `wrap(h)` inside it), an inline handler; then the first.
 */
export function findRegistrationCall(index: FileIndex, line: number, handlerName: string | undefined, method?: string): TS.CallExpression | undefined {
  let calls = index.callsByLine.get(line);
  if (!calls || calls.length <= 1) return calls?.[0];
  const narrow = (keep: (call: TS.CallExpression) => boolean): void => {
    const kept = calls!.filter(keep);
    if (kept.length > 0) calls = kept;
  };
  const wanted = method?.toLowerCase();
  if (wanted) narrow((call) => [wanted, 'all', 'on'].includes(calleeName(call) ?? ''));
  if (handlerName) narrow((call) => call.arguments.some((argument) => names(argument, handlerName)));
  narrow((call) => REGISTRATION_METHODS.has(calleeName(call) ?? ''));
  narrow((call) => lastArgumentFunction(call) !== undefined);
  return calls[0];
}

/** `get` of `app.get(...)`, lower-cased. */
function calleeName(call: TS.CallExpression): string | undefined {
  const callee = call.expression;
  return ts().isPropertyAccessExpression(callee) ? callee.name.text.toLowerCase() : undefined;
}

/** Whether an argument is (or wraps, one call deep) the function of that name. */
function names(argument: TS.Expression, name: string): boolean {
  const t = ts();
  if (t.isIdentifier(argument)) return argument.text === name;
  if (t.isPropertyAccessExpression(argument)) return argument.name.text === name;
  if (t.isFunctionExpression(argument)) return argument.name?.text === name;
  if (t.isCallExpression(argument)) {
    const callee = argument.expression;
    // `list.bind(controller)`, `wrap(list)`
    if (t.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return names(callee.expression, name);
    return argument.arguments.some((inner) => t.isIdentifier(inner) || t.isPropertyAccessExpression(inner) ? names(inner, name) : false);
  }
  return false;
}

/**
 * The inline function a registration ends with: `app.get('/x', auth, (req, res) => ...)`, or
 * the one its last argument wraps (`catchAsync(async (req, res) => ...)`).
 */
export function lastArgumentFunction(call: TS.CallExpression): TS.SignatureDeclaration | undefined {
  const last = call.arguments[call.arguments.length - 1];
  return last ? wrappedFunctionIn(ts(), last) : undefined;
}

/** The functions written in a registration's arguments (middleware and handler). */
export function inlineFunctions(call: TS.CallExpression): TS.SignatureDeclaration[] {
  return call.arguments.map((argument) => functionIn(ts(), argument)).filter((fn) => fn !== undefined);
}

/** The registration's JSDoc text by rules 1 and 2, if any. */
export function registrationComment(index: FileIndex, call: TS.CallExpression): string | undefined {
  const t = ts();
  const sourceFile = index.sourceFile;
  const text = sourceFile.text;
  const callee = call.expression;
  const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line;
  let callLine: number;
  if (t.isPropertyAccessExpression(callee)) {
    const nameStart = callee.name.getStart(sourceFile);
    const link = docCommentBefore(text, callee.expression.end, text.lastIndexOf('.', nameStart));
    if (link) return link;
    callLine = lineOf(nameStart);
    // A link on a line after its receiver's end is not on the statement's first line: no need
    // to climb a long chain to learn that.
    if (lineOf(callee.expression.end) < callLine) return undefined;
  } else {
    callLine = lineOf(callee.end);
  }
  const statement = statementOf(call);
  if (!statement) return undefined;
  const { comment, codeStart } = leadingDocComment(statement, sourceFile);
  return comment && callLine === lineOf(codeStart) ? comment : undefined;
}

/** The statement whose expression is the chain this call is a link of. */
function statementOf(call: TS.CallExpression): TS.Node | undefined {
  const t = ts();
  const kind = t.SyntaxKind;
  let node: TS.Node = call;
  for (let parent = node.parent; parent; parent = node.parent) {
    switch (parent.kind) {
      case kind.PropertyAccessExpression:
      case kind.ElementAccessExpression:
      case kind.CallExpression:
        // Only as the receiver of the next link: not as an argument of another call.
        if ((parent as TS.PropertyAccessExpression | TS.ElementAccessExpression | TS.CallExpression).expression !== node) return undefined;
        break;
      case kind.AwaitExpression:
      case kind.ParenthesizedExpression:
      case kind.VoidExpression:
      case kind.AsExpression:
      case kind.SatisfiesExpression:
      case kind.NonNullExpression:
        break;
      case kind.ExpressionStatement:
      case kind.ExportAssignment:
      case kind.ReturnStatement:
        return parent;
      case kind.VariableDeclaration: {
        const list = parent.parent;
        const first = t.isVariableDeclarationList(list) && list.declarations[0] === parent;
        return first && (parent as TS.VariableDeclaration).initializer === node && t.isVariableStatement(list.parent) ? list.parent : undefined;
      }
      default:
        return undefined;
    }
    node = parent;
  }
  return undefined;
}

/**
 * The named handler the registration uses: by the name docgen saw, else by the function the
 * registration passes last (a wrapper may have given the function another name). One
 * declaration or none: a second one at the same level is a tie. A registration that ends with
 * an inline function has it as its handler, whatever other function shares its name.
 */
export function namedHandler(index: FileIndex, call: TS.CallExpression | undefined, handlerName: string | undefined): NamedHandler | undefined {
  if (call && lastArgumentFunction(call)) return undefined;
  const last = call?.arguments[call.arguments.length - 1];
  const passed = last && passedName(last);
  const candidates = (handlerName && index.handlersByName.get(handlerName)) || (passed && index.handlersByName.get(passed));
  if (!candidates) return undefined;
  const topLevel = candidates.filter((candidate) => candidate.topLevel);
  const pool = topLevel.length > 0 ? topLevel : candidates;
  return pool.length === 1 ? pool[0] : undefined;
}

/** `list`, `controller.list`, `list.bind(controller)`: the name of the function passed. */
function passedName(argument: TS.Expression): string | undefined {
  const t = ts();
  if (t.isIdentifier(argument)) return argument.text;
  if (t.isPropertyAccessExpression(argument)) return argument.name.text;
  const callee = t.isCallExpression(argument) ? argument.expression : undefined;
  return callee && t.isPropertyAccessExpression(callee) && callee.name.text === 'bind' ? passedName(callee.expression) : undefined;
}

/** The handler's JSDoc by rule 3. */
export function handlerComment(index: FileIndex, handler: NamedHandler): string | undefined {
  return leadingDocComment(handler.docNode, index.sourceFile).comment;
}

/** The names of a function's parameters (`req`, `res`, `next`, `ctx`, `c`). */
export function parameterNames(functions: readonly (TS.SignatureDeclaration | undefined)[]): Set<string> {
  const t = ts();
  const names = new Set<string>();
  for (const fn of functions) for (const parameter of fn?.parameters ?? []) if (t.isIdentifier(parameter.name)) names.add(parameter.name.text);
  return names;
}

/**
 * One walk over a parsed file makes what every later lookup needs: the calls by the line V8
 * reports for them, the functions by name, the file's own type declarations and what it imports
 * from express. A lookup is then a map access and a short walk up the tree.
 */
import type * as TS from 'typescript';

/** A function that can answer a route, declared by name somewhere in the file. */
export interface NamedHandler {
  /** The node a JSDoc comment stands above: the statement, or the class or object member. */
  readonly docNode: TS.Node;
  /** The function itself, when it is written there (not for `const h: RequestHandler = wrap(...)`). */
  readonly fn: TS.SignatureDeclaration | undefined;
  /** The declared type of a variable holding the handler (`const h: RequestHandler<...> = ...`). */
  readonly declaredType: TS.TypeNode | undefined;
  /** Declared at the top of the module, not inside a function, class or object. */
  readonly topLevel: boolean;
}

export type LocalTypeDeclaration = TS.InterfaceDeclaration | TS.TypeAliasDeclaration | TS.EnumDeclaration;

export interface FileIndex {
  readonly sourceFile: TS.SourceFile;
  /** Calls with at least one argument, by the 1-based line of the position V8 reports for them. */
  readonly callsByLine: ReadonlyMap<number, readonly TS.CallExpression[]>;
  readonly handlersByName: ReadonlyMap<string, readonly NamedHandler[]>;
  /** Top-level interfaces, type aliases and enums; a name declared twice has two entries. */
  readonly typesByName: ReadonlyMap<string, readonly LocalTypeDeclaration[]>;
  /** Local names of express's `Request`, `Response` and `RequestHandler` types, to the export's name. */
  readonly expressTypeNames: ReadonlyMap<string, string>;
  /** Local names bound to the express module itself (`import express from 'express'`, `* as e`). */
  readonly expressNamespaces: ReadonlySet<string>;
  /** What the file imports from relative specifiers, by local name (`import * as books from './books.js'`). */
  readonly relativeImports: ReadonlyMap<string, RelativeImport>;
}

export interface RelativeImport {
  readonly specifier: string;
  /** The export's name, or `*` for a namespace import. */
  readonly imported: string;
}

const EXPRESS_MODULES = new Set(['express', 'express-serve-static-core']);

export function indexSourceFile(ts: typeof TS, sourceFile: TS.SourceFile): FileIndex {
  const callsByLine = new Map<number, TS.CallExpression[]>();
  const handlersByName = new Map<string, NamedHandler[]>();
  const typesByName = new Map<string, LocalTypeDeclaration[]>();
  const expressTypeNames = new Map<string, string>();
  const expressNamespaces = new Set<string>();
  const relativeImports = new Map<string, RelativeImport>();

  const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const addHandler = (name: string, docNode: TS.Node, fn: TS.SignatureDeclaration | undefined, declaredType: TS.TypeNode | undefined): void => {
    push(handlersByName, name, { docNode, fn, declaredType, topLevel: docNode.parent === sourceFile });
  };
  const indexVariable = (node: TS.VariableDeclaration): void => {
    if (!ts.isIdentifier(node.name)) return;
    const fn = node.initializer && wrappedFunctionIn(ts, node.initializer);
    // Without a function written there, only a declared handler type (`RequestHandler<...>`) makes it one.
    if (!fn && !(node.type && ts.isTypeReferenceNode(node.type))) return;
    // A JSDoc stands above the statement (`/** */ export const h = ...`), for its first declaration.
    const list = node.parent;
    const statement = ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent) && list.declarations[0] === node ? list.parent : node;
    addHandler(node.name.text, statement, fn, node.type);
  };
  const indexMember = (node: TS.MethodDeclaration | TS.PropertyDeclaration | TS.PropertyAssignment): void => {
    const name = memberName(ts, node.name);
    const fn = ts.isMethodDeclaration(node) ? node : node.initializer && wrappedFunctionIn(ts, node.initializer);
    if (name !== undefined && fn) addHandler(name, node, fn, ts.isPropertyDeclaration(node) ? node.type : undefined);
  };

  const kind = ts.SyntaxKind;
  // Iterative: a chain of 10,000 `.get(...)` links is a tree 20,000 nodes deep.
  const stack: TS.Node[] = [];
  const pushChild = (child: TS.Node): void => {
    stack.push(child);
  };
  stack.push(...sourceFile.statements);
  while (stack.length > 0) {
    const node = stack.pop()!;
    // Types hold no calls, functions or declarations worth a look; most other nodes are none of these.
    if (node.kind >= kind.FirstTypeNode && node.kind <= kind.LastTypeNode) continue;
    switch (node.kind) {
      case kind.CallExpression: {
        const call = node as TS.CallExpression;
        if (call.arguments.length > 0) push(callsByLine, lineOf(reportedPosition(ts, call, sourceFile)), call);
        break;
      }
      case kind.FunctionDeclaration: {
        const fn = node as TS.FunctionDeclaration;
        if (fn.name) addHandler(fn.name.text, fn, fn, undefined);
        break;
      }
      case kind.VariableDeclaration:
        indexVariable(node as TS.VariableDeclaration);
        break;
      case kind.BinaryExpression: {
        // `exports.list = (req, res) => ...`, `module.exports.create = catchAsync(...)`: a CommonJS export, named.
        const assignment = node as TS.BinaryExpression;
        const name = assignment.operatorToken.kind === kind.EqualsToken ? commonJsExportName(ts, assignment.left) : undefined;
        const fn = name === undefined ? undefined : wrappedFunctionIn(ts, assignment.right);
        if (name !== undefined && fn) addHandler(name, ts.isExpressionStatement(assignment.parent) ? assignment.parent : assignment, fn, undefined);
        break;
      }
      case kind.MethodDeclaration:
      case kind.PropertyDeclaration:
      case kind.PropertyAssignment:
        indexMember(node as TS.MethodDeclaration | TS.PropertyDeclaration | TS.PropertyAssignment);
        break;
      case kind.InterfaceDeclaration:
      case kind.TypeAliasDeclaration:
      case kind.EnumDeclaration:
        if (node.parent === sourceFile) push(typesByName, (node as LocalTypeDeclaration).name.text, node as LocalTypeDeclaration);
        continue;
      case kind.ImportDeclaration: {
        const declaration = node as TS.ImportDeclaration;
        if (ts.isStringLiteral(declaration.moduleSpecifier) && EXPRESS_MODULES.has(declaration.moduleSpecifier.text)) readExpressImport(ts, declaration, expressTypeNames, expressNamespaces);
        if (ts.isStringLiteral(declaration.moduleSpecifier) && declaration.moduleSpecifier.text.startsWith('.')) readRelativeImport(ts, declaration, declaration.moduleSpecifier.text, relativeImports);
        continue;
      }
      case kind.ImportEqualsDeclaration: {
        const declaration = node as TS.ImportEqualsDeclaration;
        const reference = declaration.moduleReference;
        if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) && EXPRESS_MODULES.has(reference.expression.text)) {
          expressNamespaces.add(declaration.name.text);
        }
        continue;
      }
    }
    ts.forEachChild(node, pushChild);
  }
  // The walk went backwards; candidates on a line are taken in source order.
  for (const calls of callsByLine.values()) if (calls.length > 1) calls.sort((a, b) => a.pos - b.pos);

  return { sourceFile, callsByLine, handlersByName, typesByName, expressTypeNames, expressNamespaces, relativeImports };
}

/**
 * Where V8 puts a call in a stack frame: at the method name of `a.b(...)` (so each link of a
 * chain written over several lines has its own line), else at the argument list.
 */
function reportedPosition(ts: typeof TS, call: TS.CallExpression, sourceFile: TS.SourceFile): number {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.getStart(sourceFile);
  return call.typeArguments ? call.typeArguments.end : callee.end;
}

/** The function an initializer is, through parentheses and type assertions. */
export function functionIn(ts: typeof TS, expression: TS.Expression): TS.SignatureDeclaration | undefined {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return ts.isArrowFunction(current) || ts.isFunctionExpression(current) ? current : undefined;
}

/**
 * The function an expression is, or the one it wraps: a call whose last argument is the only
 * function passed (`catchAsync(async (req, res) => ...)`, `asyncHandler(fn)`), one call deep.
 */
export function wrappedFunctionIn(ts: typeof TS, expression: TS.Expression): TS.SignatureDeclaration | undefined {
  const fn = functionIn(ts, expression);
  if (fn || !ts.isCallExpression(expression) || expression.arguments.length === 0) return fn;
  const functions = expression.arguments.filter((argument) => functionIn(ts, argument));
  const last = expression.arguments[expression.arguments.length - 1]!;
  return functions.length === 1 && functions[0] === last ? functionIn(ts, last) : undefined;
}

/** `exports.name` or `module.exports.name`: `name`. */
function commonJsExportName(ts: typeof TS, target: TS.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(target) || !ts.isIdentifier(target.name)) return undefined;
  const object = target.expression;
  const isExports = ts.isIdentifier(object) ? object.text === 'exports' : ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && object.expression.text === 'module' && object.name.text === 'exports';
  return isExports ? target.name.text : undefined;
}

function memberName(ts: typeof TS, name: TS.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

function readRelativeImport(ts: typeof TS, node: TS.ImportDeclaration, specifier: string, imports: Map<string, RelativeImport>): void {
  const clause = node.importClause;
  if (!clause || clause.isTypeOnly) return;
  if (clause.name) imports.set(clause.name.text, { specifier, imported: 'default' });
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { specifier, imported: '*' });
  else for (const element of bindings.elements) if (!element.isTypeOnly) imports.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text });
}

function readExpressImport(ts: typeof TS, node: TS.ImportDeclaration, typeNames: Map<string, string>, namespaces: Set<string>): void {
  const clause = node.importClause;
  if (!clause) return;
  if (clause.name) namespaces.add(clause.name.text);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) {
    namespaces.add(bindings.name.text);
    return;
  }
  for (const element of bindings.elements) {
    const imported = (element.propertyName ?? element.name).text;
    if (imported === 'Request' || imported === 'Response' || imported === 'RequestHandler') typeNames.set(element.name.text, imported);
  }
}

/**
 * Words and types for an operation from the source of its registration: the JSDoc comment
 * that documents it (see registration.ts for which one, parse-comment.ts for the tags) and
 * the types its handler writes down (handler-types.ts), the statuses and bodies its code sends
 * and the request fields it reads (handler-responses.ts). Each file is parsed once per process
 * (source-cache.ts); `sourceDocsStats()` is for the `docgen.load` span.
 */
import type * as TS from 'typescript';
import { handlerIo, type HandlerIo } from './handler-responses.js';
import { handlerTypes, type TypeShapes } from './handler-types.js';
import { parseDocComment, type OperationDocs } from './parse-comment.js';
import { cleanHandlerName, findRegistrationCall, handlerComment, inlineFunctions, lastArgumentFunction, namedHandler, parameterNames, registrationComment } from './registration.js';
import type { FileIndex } from './file-index.js';
import { isJsdocSwaggerRoute } from './jsdoc-swagger.js';
import { resolveRelativeModule } from './relative-module.js';
import { indexedFile, ts } from './source-cache.js';
import { copySchema } from './type-schema.js';

export type { DocumentedParameter, OperationDocs, ParameterLocation } from './parse-comment.js';
export type { TypeShapes } from './handler-types.js';
export { statusDescription, type HandlerIo, type SentResponse } from './handler-responses.js';
export type { JsonSchema } from './type-schema.js';
export { clearSourceDocsCache, sourceDocsStats, type SourceDocsStats } from './source-cache.js';
export { commentBlocks, clearCommentBlocksCache, type AppCommentBlocks } from './blocks.js';
export { isObject, type BlockJson, type BlockObject, type BlockProblem, type CommentBlock } from './yaml-blocks.js';

/** What the source says of one registration: its JSDoc, its handler's types, and what its code sends and reads. */
export interface RegistrationSource {
  readonly docs: OperationDocs | undefined;
  readonly types: TypeShapes | undefined;
  readonly io: HandlerIo | undefined;
}

/**
 * The JSDoc and handler types of the route registered at `file:line` (1-based; the file absolute
 * or relative to the working directory), or undefined when the file has nothing to read (not
 * parsed: no JSDoc and no typed form, or unreadable). The registration call is located once for
 * both. `handlerName` is the function's name as docgen saw it (`bound h` and `<anonymous>` are
 * fine); `method`, when given, tells apart two registrations on one line (`.get(a).post(b)`).
 */
export function readRegistration(file: string, line: number, handlerName: string | undefined, method?: string): RegistrationSource | undefined {
  const index = indexedFile(file);
  if (!index) return undefined;
  const name = cleanHandlerName(handlerName);
  const call = findRegistrationCall(index, line, name, method);
  const inline = call && lastArgumentFunction(call);
  const handler = inline ? undefined : namedHandler(index, call, name);
  const fn = inline ?? handler?.fn;
  if (!fn && call) {
    // A handler an ES module imports from the app's own files: read where it is written.
    const imported = importedHandler(index, call, file);
    if (imported) return { docs: docsOf(index, call, undefined) ?? imported.docs, types: imported.types, io: imported.io };
  }
  return { docs: docsOf(index, call, handler), types: typesOf(index, inline, handler), io: fn && handlerIo(index, fn) };
}

/** `app.get('/x', list)` or `app.get('/x', books.list)` with `list` or `books` imported from a relative specifier. */
function importedHandler(index: FileIndex, call: TS.CallExpression, file: string): RegistrationSource | undefined {
  const t = ts();
  const last = call.arguments[call.arguments.length - 1];
  let target: { specifier: string; name: string } | undefined;
  if (last && t.isIdentifier(last)) {
    const binding = index.relativeImports.get(last.text);
    if (binding && binding.imported !== '*' && binding.imported !== 'default') target = { specifier: binding.specifier, name: binding.imported };
  } else if (last && t.isPropertyAccessExpression(last) && t.isIdentifier(last.expression) && t.isIdentifier(last.name)) {
    const binding = index.relativeImports.get(last.expression.text);
    if (binding?.imported === '*') target = { specifier: binding.specifier, name: last.name.text };
  }
  const module = target && resolveRelativeModule(file, target.specifier);
  return module ? readNamedHandler(module, target!.name) : undefined;
}

/**
 * The handler named `name` at the top level of `file` (the module that exports the function a
 * route registered: `userController.createUser`), read as a handler of the registration's own
 * file would be: its JSDoc, types, and what it sends and reads.
 */
export function readNamedHandler(file: string, name: string): RegistrationSource | undefined {
  const index = indexedFile(file);
  const candidates = index?.handlersByName.get(name)?.filter((candidate) => candidate.topLevel);
  const handler = candidates?.length === 1 ? candidates[0] : undefined;
  if (!index || !handler?.fn) return undefined;
  return { docs: docsOf(index, undefined, handler), types: typesOf(index, undefined, handler), io: handlerIo(index, handler.fn) };
}

/** The JSDoc that documents a registration, or undefined: no such comment, or nothing to read. */
export function docsForRegistration(file: string, line: number, handlerName: string | undefined, method?: string): OperationDocs | undefined {
  return readRegistration(file, line, handlerName, method)?.docs;
}

/** The JSON Schemas the route's handler writes as types, or undefined when it writes none we read. */
export function typesForRegistration(file: string, line: number, handlerName: string | undefined, method?: string): TypeShapes | undefined {
  return readRegistration(file, line, handlerName, method)?.types;
}

type Call = ReturnType<typeof findRegistrationCall>;
type Handler = ReturnType<typeof namedHandler>;

function docsOf(index: FileIndex, call: Call, handler: Handler): OperationDocs | undefined {
  const own = call && registrationComment(index, call);
  // express-jsdoc-swagger's comments are blocks (blocks.ts), not words for this reader.
  if (own && isJsdocSwaggerRoute(own)) return undefined;
  // The functions' argument names matter only to `@param` tags.
  if (own) return parseDocComment(own, own.includes('@param') ? parameterNames(inlineFunctions(call)) : undefined);
  const comment = handler && handlerComment(index, handler);
  if (comment && isJsdocSwaggerRoute(comment)) return undefined;
  return comment ? parseDocComment(comment, comment.includes('@param') ? parameterNames([handler.fn]) : undefined) : undefined;
}

function typesOf(index: FileIndex, inline: ReturnType<typeof lastArgumentFunction> | undefined, handler: Handler): TypeShapes | undefined {
  const shapes = inline ? handlerTypes(index, inline, undefined) : handler && handlerTypes(index, handler.fn, handler.declaredType);
  return shapes && copyShapes(shapes);
}

/** Each caller gets its own schemas, with no object in two places (see copySchema). */
function copyShapes(shapes: TypeShapes): TypeShapes {
  const copied: TypeShapes = {};
  if (shapes.params) copied.params = copySchema(shapes.params);
  if (shapes.responseBody) copied.responseBody = copySchema(shapes.responseBody);
  if (shapes.requestBody) copied.requestBody = copySchema(shapes.requestBody);
  if (shapes.query) copied.query = copySchema(shapes.query);
  if (shapes.responseStatus !== undefined) copied.responseStatus = shapes.responseStatus;
  return copied;
}

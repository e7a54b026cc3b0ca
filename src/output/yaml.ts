/**
 * YAML out (`docgen generate --format yaml`) and JSON-or-YAML in (documents users hand to
 * docgen). Output is deterministic: keys keep the document's order, no anchors or aliases, no
 * folded lines.
 */
import { Document, parseDocument, visit } from 'yaml';

/** A document that does not parse, or whose top level is not an object. */
export class InvalidDocumentError extends Error {
  readonly code = 'DOCGEN_INVALID_DOCUMENT';
  constructor(
    message: string,
    /** 1-based position of the syntax error, when there is one. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'InvalidDocumentError';
  }
}

// YAML 1.1 readers (PyYAML, older tools) take these plain scalars for booleans; YAML 1.2 does
// not, so the library would write them bare. Quoting them keeps an enum like [on, off] strings
// for every reader.
const YAML_11_BOOLEAN = /^(?:y|n|yes|no|on|off|true|false)$/i;

export function toYaml(document: unknown): string {
  const doc = new Document(document, { aliasDuplicateObjects: false, version: '1.2' });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && YAML_11_BOOLEAN.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // lineWidth 0: never fold long descriptions, so diffs of the file stay line-for-line.
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

/**
 * Parses a JSON or YAML document. Text whose first non-blank character is `{` is JSON (YAML's
 * flow syntax would accept things JSON does not); anything else is YAML 1.2.
 */
export function parseDocumentText(text: string, source: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const value = body.trimStart().startsWith('{') ? parseJson(body, source) : parseYaml(body, source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidDocumentError(`${source}: not an OpenAPI document (the top level is ${describeValue(value)}, not an object)`);
  }
  return value;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const { line, column } = lineColumn(text, offset);
    const reason = error instanceof Error ? error.message.replace(/,? ".*" is not valid JSON$|,? in JSON at position \d+.*$/s, '') : String(error);
    throw new InvalidDocumentError(`${source}: invalid JSON at line ${line}, column ${column}: ${reason}`, line, column);
  }
}

function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const start = error.linePos?.[0];
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const where = start ? ` at line ${start.line}, column ${start.col}` : '';
    throw new InvalidDocumentError(`${source}: invalid YAML${where}: ${reason}`, start?.line, start?.col);
  }
  return doc.toJS({ maxAliasCount: 1000 });
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse gave up. Node 20's messages carry the position for some errors only
 * ("Unexpected token 'x', ... is not valid JSON" has none), so the text is scanned again by
 * this small recogniser, which runs only after a failed parse.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') return void i++;
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') return container('}', true);
    if (ch === '[') return container(']', false);
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    number();
  };
  const container = (close: string, object: boolean): void => {
    i++;
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      if (object) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
      }
      value();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length; // the recogniser accepted what JSON.parse refused: point at the end
  } catch (stop) {
    if (stop instanceof JsonStop) return stop.offset;
    return text.length; // nesting too deep to scan: point at the end
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
}

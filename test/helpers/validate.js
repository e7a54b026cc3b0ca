// Validates a document against the official OpenAPI 3.1 schema with a real validator, and every
// Schema Object in it against the OpenAPI 3.1 JSON Schema dialect (docgen's own validator; the
// official schema takes any object as a Schema Object).
import { Validator } from '@seriousme/openapi-schema-validator';
import * as assert from 'uvu/assert';
import { validateDocument } from '../../dist/validate/index.js';

export async function assertValidOpenApi(document) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  assert.ok(result.valid, `the document is not valid OpenAPI ${document?.openapi}: ${JSON.stringify(result.errors, null, 2)}`);
  assert.is(validator.version, '3.1');
  const report = await validateDocument(document);
  assert.equal(report.schemaErrors, [], `a Schema Object breaks the OpenAPI 3.1 dialect: ${JSON.stringify(report.schemaErrors, null, 2)}`);
}

// Validates a document against the official OpenAPI 3.1 schema with a real validator.
import { Validator } from '@seriousme/openapi-schema-validator';
import * as assert from 'uvu/assert';

export async function assertValidOpenApi(document) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  assert.ok(result.valid, `the document is not valid OpenAPI ${document?.openapi}: ${JSON.stringify(result.errors, null, 2)}`);
  assert.is(validator.version, '3.1');
}

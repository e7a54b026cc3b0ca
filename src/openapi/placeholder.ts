/**
 * docgen's placeholder response: what the builder writes when nothing declares an operation's
 * responses (`responses: { default: { description: PLACEHOLDER } }`). Its own module so that the
 * readers that tell it from a declared response (the learner, verify) need not load the builder.
 */
export const PLACEHOLDER = 'Default response';

/** docgen's placeholder response itself (its words and no content), not a declared `default`. */
export function isPlaceholderResponse(response: { readonly description?: unknown; readonly content?: unknown } | undefined): boolean {
  return response !== undefined && response.description === PLACEHOLDER && response.content === undefined;
}

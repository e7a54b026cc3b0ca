/**
 * docgen's placeholder response: what the builder writes when nothing declares an operation's
 * responses (`responses: { default: { description: PLACEHOLDER } }`). Its own module so that the
 * readers that tell it from a declared response (the learner, verify) need not load the builder.
 */
export const PLACEHOLDER = 'Default response';

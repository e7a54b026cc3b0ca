/**
 * Media types as the learner keys bodies by: the essence of a `Content-Type` (type/subtype,
 * lower case, without parameters such as `charset` or `boundary`), so that
 * `application/json; charset=utf-8` and `application/json` are one content entry.
 */

/** `Application/JSON; charset=utf-8` -> `application/json`; undefined for nothing usable. */
export function mediaTypeEssence(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const semicolon = contentType.indexOf(';');
  const essence = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  const slash = essence.indexOf('/');
  // type "/" subtype, both non-empty, no spaces: anything else is not a media type.
  if (slash <= 0 || slash === essence.length - 1 || /\s/.test(essence)) return undefined;
  return essence;
}

/** Text that a `{ type: 'string' }` schema describes: `text/*`, XML, YAML, JavaScript. */
export function isTextual(mediaType: string): boolean {
  return mediaType.startsWith('text/') || /[/+](?:xml|yaml|x-yaml)$/.test(mediaType) || mediaType === 'application/javascript';
}

/** JSON and `+json` media types. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

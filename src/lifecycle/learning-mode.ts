/**
 * Whether the run learns from traffic or verifies it: read by the preload at start, apart from
 * the learner itself (lifecycle/learning.ts), which is loaded only when one of them is on.
 */
export type LearningMode =
  | { readonly kind: 'learn'; readonly examples: boolean }
  | { readonly kind: 'verify'; readonly document: string };

/** The mode the environment asks for, if any. */
export function learningMode(env: NodeJS.ProcessEnv): LearningMode | undefined {
  if (env.DOCGEN_VERIFY) return { kind: 'verify', document: env.DOCGEN_VERIFY };
  const learn = (env.DOCGEN_LEARN ?? '').toLowerCase();
  if (learn === '1' || learn === 'true' || learn === 'yes') return { kind: 'learn', examples: env.DOCGEN_LEARN_EXAMPLES === '1' };
  return undefined;
}

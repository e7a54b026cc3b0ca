/**
 * The learner and the capture, with ajv for verify: what a process needs only when it learns
 * from traffic or verifies it (DOCGEN_LEARN, DOCGEN_VERIFY, docgen's own capture tests). The
 * preload imports this module only then, so an app's start-up without learning does not parse it
 * (the bundle makes it a file of its own, dist/register-learn.js, scripts/bundle.js).
 */
export { startLearning } from './lifecycle/learning.js';
export { startCapture } from './learn/capture/index.js';

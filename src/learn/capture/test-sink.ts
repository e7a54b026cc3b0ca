/**
 * Where docgen's own tests of the capture put a sink, from a preload of theirs that runs before
 * docgen's (test/helpers/exchange-sink.mjs): exchanges with their values, for assertions. No
 * setting of docgen's writes exchanges anywhere. A module of its own: the preload checks it
 * without loading the capture.
 */
export const TEST_EXCHANGE_SINK = Symbol.for('docgen.test.exchangeSink');

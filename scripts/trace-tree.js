// Prints a trace as Jaeger's query API returns it, as a tree of spans with docgen's
// attributes: node scripts/trace-tree.js http://localhost:16686 <traceId>
const [base = 'http://localhost:16686', traceId] = process.argv.slice(2);
if (!traceId) {
  process.stderr.write('usage: node scripts/trace-tree.js <jaeger-query-url> <trace-id>\n');
  process.exit(2);
}
const response = await fetch(`${base.replace(/\/$/, '')}/api/traces/${traceId}`);
if (!response.ok) {
  process.stderr.write(`${response.status} ${await response.text()}\n`);
  process.exit(1);
}
const trace = (await response.json()).data[0];
const children = new Map();
for (const span of trace.spans) {
  const parent = span.references.find((r) => r.refType === 'CHILD_OF')?.spanID ?? null;
  children.set(parent, [...(children.get(parent) ?? []), span]);
}
const show = (span) => {
  const tags = span.tags.filter((t) => t.key.startsWith('docgen.') && !t.key.startsWith('docgen.memory') && t.key !== 'docgen.duration_ms');
  const rss = span.tags.find((t) => t.key === 'docgen.memory.rss_bytes')?.value;
  const events = span.logs.length ? `, ${span.logs.length} events` : '';
  return `${span.operationName} ${(span.duration / 1000).toFixed(1)} ms, rss ${(rss / 1048576).toFixed(0)} MiB${events}  ${tags.map((t) => `${t.key.replace(/^docgen\./, '')}=${JSON.stringify(t.value)}`).join(' ')}`;
};
const walk = (span, prefix, last, depth) => {
  process.stdout.write(`${depth === 0 ? '' : prefix + (last ? '└─ ' : '├─ ')}${show(span)}\n`);
  const kids = (children.get(span.spanID) ?? []).sort((a, b) => a.startTime - b.startTime);
  kids.forEach((kid, i) => walk(kid, depth === 0 ? '' : prefix + (last ? '   ' : '│  '), i === kids.length - 1, depth + 1));
};
process.stdout.write(`trace ${traceId}, service ${trace.processes[trace.spans[0].processID].serviceName}\n`);
for (const root of children.get(null) ?? []) walk(root, '', true, 0);

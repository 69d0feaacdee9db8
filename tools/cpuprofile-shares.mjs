// Where an Azurite table process spent its CPU: shares of a V8 .cpuprofile by request kind, and the top functions.
// Usage: node tools/cpuprofile-shares.mjs [--from US --to US] [--top N] file.cpuprofile
// Profiles come from HUB_AZURITE_CPU_PROFILE=<folder> (tools/IntegrationHub.DevHost/LocalAzurite.cs); the intake bench
// prints each phase's --from/--to (CLOCK_MONOTONIC microseconds, the profile's own clock). Shares are of the busy
// samples (idle left out), so they can be read on a busy machine where times cannot.
// A sample goes to the first kind whose test matches any frame of its stack, in the order below: the handler's own work
// for each request kind first, then what every request pays whatever it asks (authentication, parsing, the response's
// write to the socket), then the rest of Azurite's middleware and node's event loop.
// Function and file names are Azurite's (node_modules/azurite/dist/src/table: handlers/TableHandler.js,
// batch/TableBatchOrchestrator.js, persistence/LokiTableMetadataStore.js).
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
let from = -Infinity, to = Infinity, top = 20;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--from") from = Number(args[++i]);
  else if (args[i] === "--to") to = Number(args[++i]);
  else if (args[i] === "--top") top = Number(args[++i]);
  else files.push(args[i]);
}

const kinds = [
  // Azurite collects telemetry unless started with --disableTelemetry (its README, "Disable Telemetry Collection").
  ["Azurite's own telemetry (Application Insights)", (f, u, path) =>
    /monitor-opentelemetry|applicationinsights|@opentelemetry|diagnostic-channel/.test(path) || u === "Telemetry.js" || f === "getShallowDirectorySize"],
  ["query (a scan of the whole table)", (f, u) => f === "queryEntities" && u === "TableHandler.js"],
  ["point read", (f) => f === "queryEntitiesWithPartitionAndRowKey"],
  ["$batch (its operations and its parsing)", (f, u) => u.startsWith("TableBatch") || (f === "batch" && u === "TableHandler.js")],
  ["single insert, update or delete", (f, u) => u === "TableHandler.js"],
  ["authentication (SAS or shared key)", (f, u) => u.startsWith("Authentication") || u.includes("Authenticator")],
  ["response write to the socket", (f) => ["writev", "writevGeneric", "Socket._writev", "writeLatin1String", "writeUtf8String"].includes(f)],
  ["request parsing (headers, query string)", (f, u) => u === "node:querystring" || f === "parserOnHeadersComplete"],
  ["garbage collector", (f) => f === "(garbage collector)"],
];

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frame = (id) => {
    const cf = nodes.get(id).callFrame;
    return [cf.functionName || "(anonymous)", cf.url.split("/").pop(), cf.url];
  };
  const byKind = new Map();
  const self = new Map();
  let busy = 0, t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < from || t > to) return;
    const [fn, url] = frame(id);
    if (fn === "(idle)") return;
    busy++;
    const key = `${fn} ${url}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    const stack = [];
    for (let x = id; x !== undefined; x = parent.get(x)) stack.push(frame(x));
    const kind = kinds.find(([, test]) => stack.some(([f, u, path]) => test(f, u, path)))?.[0] ?? "other (middleware, event loop)";
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  });
  const pct = (n) => `${((100 * n) / Math.max(1, busy)).toFixed(1).padStart(5)} %`;
  console.log(`${file}: ${busy} busy samples in the window`);
  for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(n)}  ${kind}`);
  console.log(`  top functions by own samples:`);
  for (const [fn, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(n)}  ${fn}`);
}

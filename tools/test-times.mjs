// The slowest test classes of a run, from the TRX files `dotnet test --logger trx` writes (one per test project).
// Usage: node tools/test-times.mjs [--top N] file.trx...
// Per class: the tests' summed durations (xunit times a test with its class's constructor and InitializeAsync) and
// the span from its first test's start to its last test's end (which also holds a class fixture's set-up, and the
// other collections' tests when collections run in parallel). No XML library: the TRX attributes read here are flat.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
let top = 15;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--top") top = Number(args[++i]);
  else files.push(args[i]);
}

const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
const seconds = (d) => {
  const [h, m, s] = (d ?? "0:0:0").split(":").map(Number);
  return h * 3600 + m * 60 + s;
};

const classes = new Map();
for (const file of files) {
  const xml = readFileSync(file, "utf8");
  // Test id -> class, from <UnitTest id=...> ... <TestMethod className=...>.
  const classOf = new Map();
  for (const m of xml.matchAll(/<UnitTest\s[^>]*?id="([^"]+)"[^>]*>[\s\S]*?<TestMethod\s([^>]*)>/g)) {
    classOf.set(m[1], attr(" " + m[2], "className"));
  }
  for (const m of xml.matchAll(/<UnitTestResult\s[^>]*>/g)) {
    const tag = m[0];
    const name = classOf.get(attr(tag, "testId")) ?? "(unknown)";
    const c = classes.get(name) ?? { tests: 0, sum: 0, start: Infinity, end: -Infinity, failed: 0 };
    c.tests++;
    c.sum += seconds(attr(tag, "duration"));
    const start = Date.parse(attr(tag, "startTime") ?? "");
    const end = Date.parse(attr(tag, "endTime") ?? "");
    if (!Number.isNaN(start)) c.start = Math.min(c.start, start);
    if (!Number.isNaN(end)) c.end = Math.max(c.end, end);
    if (attr(tag, "outcome") === "Failed") c.failed++;
    classes.set(name, c);
  }
}

const rows = [...classes.entries()].sort((a, b) => b[1].sum - a[1].sum).slice(0, top);
if (rows.length === 0) {
  console.log("[times] no test results found");
  process.exit(0);
}
const total = [...classes.values()].reduce((s, c) => s + c.sum, 0);
console.log(`[times] the ${rows.length} slowest test classes (of ${classes.size}; all tests together ${total.toFixed(0)} s):`);
console.log("[times]     sum s   span s  tests  class");
for (const [name, c] of rows) {
  const span = Number.isFinite(c.start) && Number.isFinite(c.end) ? ((c.end - c.start) / 1000).toFixed(1) : "-";
  const short = name.replace(/^IntegrationHub\./, "");
  console.log(`[times] ${c.sum.toFixed(1).padStart(9)} ${span.padStart(8)} ${String(c.tests).padStart(6)}  ${short}${c.failed ? ` (${c.failed} failed)` : ""}`);
}

// Bundles the console's scripts with esbuild into one file the hub serves itself (script-src 'self'): src/app.ts and
// what it imports, @azure/msal-browser included. Type checking is tsc's (tsconfig.json, noEmit); esbuild only bundles.
// Usage: node build.mjs <outdir>   (the folder is emptied first)
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2] ?? join(here, "out");
// A clean folder: every .js in it is embedded and served, so no chunk of an earlier build may linger.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(here, "src", "app.ts")],
  outdir,
  entryNames: "[name]",
  // MSAL is imported dynamically (Entra mode only): it becomes its own chunk next to app.js.
  splitting: true,
  chunkNames: "chunk-[hash]",
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  // Licences of bundled packages (MIT for MSAL) stay with the code.
  legalComments: "eof",
  logLevel: "warning",
});

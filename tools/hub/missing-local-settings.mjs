// Prints one line per key that local.settings.example.json has under "Values" and local.settings.json lacks: an older
// copy (made before a key was added: the continuation-token key, the harvester client, the OTEL interval, ...) starts a
// hub that refuses to start or behaves unlike the README. ./hub up prints these lines as warnings and goes on.
//   node tools/hub/missing-local-settings.mjs [example] [local]     (defaults: the two files in the working directory)
// Exit 0 always: a warning, not a failure. Values are never printed (the local file may hold secrets).
import { readFileSync } from 'node:fs';

const [examplePath = 'local.settings.example.json', localPath = 'local.settings.json'] = process.argv.slice(2);

function values(path) {
  return JSON.parse(readFileSync(path, 'utf8')).Values ?? {};
}

let example;
let local;
try {
  example = values(examplePath);
  local = values(localPath);
} catch (error) {
  console.log(`${localPath} could not be compared with ${examplePath}: ${error.message}`);
  process.exit(0);
}
for (const key of Object.keys(example)) {
  if (!Object.hasOwn(local, key)) {
    console.log(`${localPath} lacks "${key}", which ${examplePath} has: copy that line over (or delete ${localPath} to recreate it)`);
  }
}

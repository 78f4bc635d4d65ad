/*
 * Build step (`node dist/generate.js`): writes the JSON Schema of every event in the catalog to
 * dist/schemas/<type>.json and the AsyncAPI document to dist/asyncapi.json.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildAsyncApi } from './events/asyncapi.js';
import { eventCatalog } from './events/catalog.js';
import { catalogJsonSchemas } from './events/json-schema.js';

const distDir = fileURLToPath(new URL('.', import.meta.url));
const schemasDir = fileURLToPath(new URL('./schemas/', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

rmSync(schemasDir, { recursive: true, force: true }); // events removed from the catalog lose their file
mkdirSync(schemasDir, { recursive: true });
for (const [type, schema] of Object.entries(catalogJsonSchemas(eventCatalog))) {
  writeFileSync(`${schemasDir}${type}.json`, `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync(`${distDir}asyncapi.json`, `${JSON.stringify(buildAsyncApi(eventCatalog, { version }), null, 2)}\n`);

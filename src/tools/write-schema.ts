// Writes codebooks/codebook.schema.json from the schema in src (npm run schema).
import { writeFileSync } from 'node:fs';
import { codebookSchema } from '../codebook/schema.js';

export const schemaJson = `${JSON.stringify(codebookSchema, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(process.argv[2] ?? 'codebooks/codebook.schema.json', schemaJson);

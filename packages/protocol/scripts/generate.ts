/**
 * Generates src/actions.generated.ts and src/events.generated.ts from the protocol catalogue
 * (catalogue/actions.json and events.json). Run: `pnpm --filter @cqkit/protocol generate`.
 * The catalogue test fails when the generated files are out of date, so code and catalogue cannot drift.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from './catalogue.js';
import { renderActions } from './render-actions.js';
import { renderEvents } from './render-events.js';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const { actions, events } = loadCatalogue();
writeFileSync(join(srcDir, 'actions.generated.ts'), renderActions(actions));
writeFileSync(join(srcDir, 'events.generated.ts'), renderEvents(events));
console.log(`generated ${actions.length} actions and ${events.length} events`);

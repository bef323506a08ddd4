/** The tables the store's tests declare, as a plugin would. */
import type { Generated } from '../src/index.js';

declare module '../src/index.js' {
  interface Tables {
    test_notes: { id: Generated<number>; author: string; text: string; created_at: number };
    test_tags: { note_id: number; tag: string };
  }
}

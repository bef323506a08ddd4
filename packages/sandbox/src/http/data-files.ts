/**
 * CQHTTP's data-file route (transport.md 1.5), on when `serveDataFiles` is set:
 * `GET /data/<image|record|show|bface>/<relative path>` answers the file as an attachment.
 * The sandbox has no real bytes, so a file's content is a deterministic filler of its recorded size.
 */
import type { WorldData } from '../world/types.js';

export const DATA_PREFIX = '/data/';
const dataDirs = new Set(['image', 'record', 'show', 'bface']);

export type DataFileLookup =
  | { status: 200; name: string; body: Buffer }
  | { status: 401 | 403 | 404 | 405 };

export function lookupDataFile(world: WorldData, rawPath: string): DataFileLookup {
  let path: string;
  try {
    path = decodeURIComponent(rawPath.slice(DATA_PREFIX.length));
  } catch {
    return { status: 404 };
  }
  const slash = path.indexOf('/');
  const dir = slash < 0 ? path : path.slice(0, slash);
  const rel = slash < 0 ? '' : path.slice(slash + 1);
  if (!dataDirs.has(dir) || rel === '') return { status: 404 };
  if (rel.split(/[\\/]/).includes('..')) return { status: 403 };
  const files = dir === 'image' ? world.images : dir === 'record' ? world.records : [];
  const file = files.find((f) => f.file === rel || f.path.endsWith(`/data/${dir}/${rel}`));
  if (!file) return { status: 404 };
  const size = Math.max(0, Math.min(file.size, 16 * 1024 * 1024));
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + file.file.length) & 0xff;
  return { status: 200, name: rel.split('/').pop() ?? rel, body };
}

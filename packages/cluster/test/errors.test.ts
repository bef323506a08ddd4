import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ClusterError, clusterErrorCodes, redactUrl } from '../src/index.js';
import { resolveClusterOptions } from '../src/options.js';
import { connect } from '../src/redis.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));

describe('error codes', () => {
  it.each(clusterErrorCodes)('%s is documented in the README', (code) => {
    expect(section).toContain(`| \`${code}\` | \`ClusterError\` |`);
  });

  it('bad options are coded errors that name the key and never show a password', () => {
    const bad = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as ClusterError;
      }
      throw new Error('expected an error');
    };
    const url = bad(() => connect({ url: 'http://user:hunter2@127.0.0.1:6379', name: 't' }));
    expect(url.code).toBe('CQKIT_CLUSTER_CONFIG');
    expect(url.message).toMatch(/cluster\.redis: expected a redis:\/\/ or rediss:\/\/ URL/);
    expect(url.message).not.toContain('hunter2');
    expect(bad(() => resolveClusterOptions({ redis: 'redis://x', prefix: 'a b' })).message).toMatch(/cluster\.prefix/);
    expect(bad(() => resolveClusterOptions({ redis: 'redis://x', claimAfter: 5 })).message).toMatch(/cluster\.claimAfter: expected milliseconds >= 100/);
    expect(redactUrl('redis://:s3cret@host:6379/0')).not.toContain('s3cret');
  });
});

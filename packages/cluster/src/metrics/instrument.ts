/** Wrap an adapter so its accounts' calls are timed and its events counted (single process). */
import type { Adapter } from '@cqkit/core';
import type { CqkitMetrics } from './registry.js';

export function instrumentAdapter(adapter: Adapter, metrics: CqkitMetrics): Adapter {
  return {
    name: adapter.name,
    start: (host) =>
      adapter.start({
        logger: host.logger,
        removeBot: (selfId) => host.removeBot(selfId),
        dispatch: (event, options) => {
          metrics.eventsReceived.inc();
          return host.dispatch(event, options);
        },
        addBot: (selfId, transport) =>
          host.addBot(selfId, {
            call(action, params, options) {
              const end = metrics.callDuration.startTimer({ kind: options.idempotent ? 'read' : 'send' });
              const promise = transport.call(action, params, options);
              const done = () => end();
              promise.then(done, done);
              return promise;
            },
          }),
      }),
    stop: (options) => adapter.stop(options),
  };
}

import type { Clock, PurgeReport, Store } from '../../core/index.js';

/** Deletes conversation data older than `days` (orders are kept): kaiwa.yaml's `retention.days`. */
export function purgeOlderThan(store: Store, clock: Clock, days: number): Promise<PurgeReport> {
  return store.privacy.purgeBefore(new Date(clock.now().getTime() - days * 86_400_000).toISOString());
}

/** Bounded concurrency, shared by the roster reader (open-file limit) and the forwarding cron (Workers' six connections). */

/** Runs `work` over `items`, at most `limit` at a time, in order of start; resolves when all are done. */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

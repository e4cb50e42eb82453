/**
 * Reads the Worker isolate's V8 heap through wrangler dev's DevTools port:
 * the figure Cloudflare's 128 MB per-isolate memory limit applies to.
 */

/** Used and total V8 heap of the Worker isolate, bytes. */
export async function isolateHeap(port: number): Promise<{ used: number; total: number }> {
  // wrangler's inspector proxy accepts loopback origins only; Node's WebSocket sends none by default.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { origin: 'http://localhost' } } as never);
  try {
    await new Promise<void>((ok, fail) => {
      ws.onopen = () => ok();
      ws.onerror = () => fail(new Error(`cannot reach the Worker inspector on port ${port}`));
    });
    const answer = new Promise<{ usedSize: number; totalSize: number }>((ok, fail) => {
      ws.onmessage = (m) => {
        const d = JSON.parse(String(m.data)) as { id?: number; result?: { usedSize: number; totalSize: number } };
        if (d.id === 1) return d.result ? ok(d.result) : fail(new Error('Runtime.getHeapUsage gave no result'));
      };
      setTimeout(() => fail(new Error('Runtime.getHeapUsage timed out')), 10_000);
    });
    ws.send(JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }));
    const r = await answer;
    return { used: r.usedSize, total: r.totalSize };
  } finally {
    ws.close();
  }
}

/** Worker-side handle on an office receiver running in Node (tests/support/receiver.ts). */
import { inject } from 'vitest';
import type { RecordedRequest, Script } from '../../support/receiver.ts';

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${inject('receiverControlPort')}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`receiver control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Receiver {
  url: string;
  script: (s: Script) => Promise<void>;
  up: () => Promise<void>;
  down: () => Promise<void>;
  requests: () => Promise<RecordedRequest[]>;
}

/** A new receiver, answering 200 unless scripted otherwise; `down: true` starts it with its port closed. */
export async function newReceiver(opts: { down?: boolean } = {}): Promise<Receiver> {
  const { id, port } = await control<{ id: string; port: number }>('/receivers', opts);
  const p = `/receivers/${id}`;
  return {
    url: `http://127.0.0.1:${port}`,
    script: async (s) => void (await control(`${p}/script`, s)),
    up: async () => void (await control(`${p}/up`, {})),
    down: async () => void (await control(`${p}/down`, {})),
    requests: () => control<RecordedRequest[]>(`${p}/requests`),
  };
}

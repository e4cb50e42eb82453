/**
 * The patrol page with JavaScript (issue 14): a patrol is first kept on the phone (localStorage),
 * then sent as JSON to /api/staff/patrols. Without a signal it stays there and is sent when the
 * phone is back online (the `online` event, the next page load, a minute's retry), always under
 * the idempotency key the form was given, so the server stores it exactly once however often it
 * arrives. A patrol the server refuses as invalid is handed to the page's own form post, which
 * shows the errors in place, as without JavaScript. A patrol with photos is posted by the form
 * itself (photos are too large to keep on the phone), so it needs a signal.
 */
import { patrolFromForm } from '../../domain/patrol-input.ts';

const OUTBOX = 'envgrid.patrols.outbox';
const API = '/api/staff/patrols';

interface Pending {
  key: string;
  body: Record<string, unknown>;
  /** Set when the server refused it (kept, never dropped silently). */
  refused?: string;
}

function load(): Pending[] {
  try {
    const list = JSON.parse(localStorage.getItem(OUTBOX) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as Pending[]) : [];
  } catch {
    return [];
  }
}

function save(list: Pending[]): void {
  localStorage.setItem(OUTBOX, JSON.stringify(list));
}

type Outcome =
  | { kind: 'stored'; cases: string[]; created: boolean }
  | { kind: 'refused'; message: string }
  | { kind: 'signin' }
  | { kind: 'retry' };

async function send(p: Pending): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(API, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(p.body),
    });
  } catch {
    return { kind: 'retry' };
  }
  const json = (await res.json().catch(() => ({}))) as {
    cases?: { trackingCode: string }[];
    created?: boolean;
    error?: string;
    errors?: { message: string }[];
  };
  if (res.status === 200 || res.status === 201) {
    return { kind: 'stored', cases: (json.cases ?? []).map((c) => c.trackingCode), created: res.status === 201 };
  }
  if (res.status === 401) return { kind: 'signin' };
  if (res.status === 400 || res.status === 403 || res.status === 413 || res.status === 415 || res.status === 422) {
    return {
      kind: 'refused',
      message: json.errors?.map((e) => e.message).join('；') ?? json.error ?? `HTTP ${res.status}`,
    };
  }
  return { kind: 'retry' };
}

const form = document.querySelector<HTMLFormElement>('form[data-patrol-form]');
const notice = document.querySelector<HTMLElement>('#patrol-outbox');
let busy = false;
let signin = false;

function show(): void {
  if (!notice) return;
  const list = load();
  const waiting = list.filter((p) => !p.refused).length;
  const refused = list.filter((p) => p.refused);
  const parts: string[] = [];
  if (waiting) {
    parts.push(
      signin
        ? `有 ${waiting} 条巡查记录保存在这部手机上：登录已过期，请重新登录，登录后自动发送。`
        : `有 ${waiting} 条巡查记录保存在这部手机上，联网后自动发送，不会重复保存。`,
    );
  }
  for (const p of refused) parts.push(`一条 ${String(p.body.date ?? '')} 的巡查记录未能保存：${p.refused}`);
  notice.textContent = parts.join(' ');
  notice.hidden = parts.length === 0;
  notice.dataset.pending = String(waiting);
}

/** Sends every waiting patrol, one at a time, oldest first. */
async function flush(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    for (const p of load().filter((x) => !x.refused)) {
      const r = await send(p);
      if (r.kind === 'retry') break;
      if (r.kind === 'signin') {
        signin = true;
        break;
      }
      signin = false;
      const rest = load().filter((x) => x.key !== p.key);
      save(r.kind === 'refused' ? [...rest, { ...p, refused: r.message }] : rest);
    }
  } finally {
    busy = false;
    show();
  }
}

/** A fresh form for the next patrol: cleared fields and a new idempotency key. */
function resetForm(f: HTMLFormElement): void {
  f.reset();
  const key = f.querySelector<HTMLInputElement>('[data-idempotency-key]');
  if (key) key.value = crypto.randomUUID();
}

if (form) {
  form.addEventListener('submit', (event) => {
    const photos = form.querySelector<HTMLInputElement>('input[type=file]');
    if (photos?.files?.length) {
      // Photos are too large to keep on the phone: with a signal the form posts them as it would without
      // JavaScript; without one nothing is sent and the patrol stays in the form.
      if (navigator.onLine) return;
      event.preventDefault();
      if (notice) {
        notice.textContent = '现在没有网络：带照片的巡查记录需要联网才能保存。请联网后再保存，或去掉照片先保存记录。';
        notice.hidden = false;
      }
      return;
    }
    event.preventDefault();
    void (async () => {
      if (busy) return;
      const body = patrolFromForm(new FormData(form).entries());
      body.recordedAt = new Date().toISOString();
      const key = String(body.idempotencyKey ?? '');
      // Kept on the phone before anything is sent: a lost signal mid-request loses nothing.
      save([...load().filter((p) => p.key !== key), { key, body }]);
      busy = true;
      let r: Outcome;
      try {
        r = await send({ key, body });
      } finally {
        busy = false;
      }
      if (r.kind === 'stored') {
        save(load().filter((p) => p.key !== key));
        const cases = r.cases.length ? `&cases=${r.cases.join(',')}` : '';
        location.assign(`/staff/patrols/?saved=${r.created ? 'new' : 'again'}${cases}`);
      } else if (r.kind === 'refused') {
        // The page's own post shows the errors beside each field (same key, nothing stored twice).
        save(load().filter((p) => p.key !== key));
        form.submit();
      } else {
        signin = r.kind === 'signin';
        resetForm(form);
        show();
        window.scrollTo(0, 0);
      }
    })();
  });
  window.addEventListener('online', () => void flush());
  setInterval(() => {
    if (load().some((p) => !p.refused)) void flush();
  }, 60_000);
  show();
  void flush();
}

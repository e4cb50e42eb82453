/**
 * Browser enhancements for the complaint form. The form works without this
 * script; with it, citizens see the server's own messages (the shared rules
 * in domain/complaint-rules.ts) before anything is sent, the village list
 * shows only the chosen town's villages, and the contact fields hide when
 * "匿名反映" is chosen. The markup it writes matches ErrorSummary.astro and
 * ErrorMessage.astro.
 *
 * It uses Node methods (appendChild, insertBefore, removeChild) rather than
 * Element.append/before/remove: the project's TypeScript also loads the
 * Workers types, whose HTMLRewriter `Element` clashes with those DOM methods.
 */
import {
  checkComplaint,
  type FieldError,
  type PlaceLookup,
  type RawComplaint,
} from '../../../domain/complaint-rules.ts';
import { anchorOf } from './display.ts';

/** The select element's own API, without the DOM typings that clash with the Workers types. */
type Select = HTMLElement & { value: string };

const form = document.querySelector<HTMLFormElement>('form[data-complaint-form]');
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const town = form.querySelector('#f-townId') as Select;
  const village = form.querySelector('#f-villageId') as Select;
  const groups = [...village.querySelectorAll<HTMLOptGroupElement>('optgroup')];
  const villageTown = new Map<string, string>();
  for (const o of village.querySelectorAll<HTMLOptionElement>('option[data-town]'))
    villageTown.set(o.value, o.dataset.town!);
  const towns = new Set([...town.querySelectorAll<HTMLOptionElement>('option')].map((o) => o.value).filter(Boolean));
  const places: PlaceLookup = { hasTown: (id) => towns.has(id), townOfVillage: (id) => villageTown.get(id) };

  // Only the chosen town's villages (all of them while no town is chosen).
  const narrow = () => {
    const t = town.value;
    const keep = village.value;
    for (const g of groups) if (g.parentNode) g.parentNode.removeChild(g);
    for (const g of groups) if (!t || g.dataset.town === t) village.appendChild(g);
    village.value = !t || villageTown.get(keep) === t ? keep : '';
  };
  town.addEventListener('change', narrow);
  narrow();

  // Contact fields only when the citizen chose to leave them.
  const contact = form.querySelector<HTMLElement>('[data-contact-fields]');
  const anonymous = form.querySelector<HTMLInputElement>('#f-anonymous-true');
  const reveal = () => {
    if (contact && anonymous) contact.hidden = anonymous.checked;
  };
  for (const r of form.querySelectorAll<HTMLInputElement>('input[name="anonymous"]'))
    r.addEventListener('change', reveal);
  reveal();

  // Photos: re-encoded on a canvas once chosen (drops their metadata, shrinks them). The code for it is
  // loaded only then, so the form's first load carries none of it.
  const photos = form.querySelector<HTMLInputElement>('input[type=file][name=photos]');
  let photosReady: Promise<void> | null = null;
  photos?.addEventListener('change', () => {
    photosReady = import('./photo-client.ts').then((m) => m.reencodePhotos(photos)).catch(() => undefined); // the server strips every photo anyway
  });

  form.addEventListener('submit', (event) => {
    const raw: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') raw[k] = v;
    const errors = checkComplaint(raw as RawComplaint, { places, now: new Date() });
    show(form, errors);
    if (errors.length > 0) {
      event.preventDefault();
      return;
    }
    if (photosReady) {
      // Send once the photos are ready (the same submit, carried on). Not from a microtask: while this
      // submit event is being dispatched, the browser ignores a new submission of the same form.
      event.preventDefault();
      const ready = photosReady;
      photosReady = null;
      void ready.then(() => setTimeout(() => form.requestSubmit(), 0));
    }
  });

  // A summary rendered by the server gets focus, as GOV.UK Frontend does on load.
  form.ownerDocument.querySelector<HTMLElement>('[data-error-summary]')?.focus();
}

/** Replaces the inline errors and the summary with `errors` (removes them when there are none). */
function show(form: HTMLFormElement, errors: FieldError[]): void {
  const doc = form.ownerDocument;
  for (const p of form.querySelectorAll('[data-inline-error]')) p.parentNode?.removeChild(p);
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll<HTMLElement>('[aria-describedby]')) {
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  const old = doc.querySelector('[data-error-summary]');
  old?.parentNode?.removeChild(old);
  doc.title = doc.title.replace(/^错误：/, '');
  if (errors.length === 0) return;

  for (const e of errors) {
    const box = form.querySelector<HTMLElement>(`[data-field="${e.field}"]`);
    if (!box) continue;
    const id = anchorOf(e.field);
    const msg = doc.createElement('p');
    msg.className = 'error-message';
    msg.id = `${id}-error`;
    msg.dataset.inlineError = '';
    const hidden = doc.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = '错误：';
    msg.appendChild(hidden);
    msg.appendChild(doc.createTextNode(e.message));
    const hint = box.querySelector(`#${id}-hint`);
    const target = box.querySelector('fieldset') ?? box;
    if (hint?.parentNode) hint.parentNode.insertBefore(msg, hint.nextSibling);
    else target.insertBefore(msg, target.firstChild);
    const described = box.querySelector('fieldset') ?? box.querySelector(`#${id}`);
    if (described) {
      const ids = (described.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      described.setAttribute('aria-describedby', [...ids, msg.id].join(' '));
      if (!box.querySelector('fieldset')) described.setAttribute('aria-invalid', 'true');
    }
  }

  const summary = doc.createElement('div');
  summary.className = 'error-summary';
  summary.tabIndex = -1;
  summary.dataset.errorSummary = '';
  const alert = doc.createElement('div');
  alert.setAttribute('role', 'alert');
  const h = doc.createElement('h2');
  h.className = 'error-summary-title';
  h.textContent = '提交内容有误';
  const list = doc.createElement('ul');
  for (const e of errors) {
    const li = doc.createElement('li');
    const a = doc.createElement('a');
    a.href = `#${anchorOf(e.field)}`;
    a.textContent = e.message;
    li.appendChild(a);
    list.appendChild(li);
  }
  alert.appendChild(h);
  alert.appendChild(list);
  summary.appendChild(alert);
  form.parentNode!.insertBefore(summary, form);
  doc.title = `错误：${doc.title}`;
  summary.focus();
}

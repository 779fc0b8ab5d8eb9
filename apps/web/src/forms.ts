import { errorSummary, linkErrorSummary } from './components';
import { fieldId, h, replace } from './dom';

export interface FieldError {
  field: string;
  message: string;
}

/** The element a field's error belongs to: its own, or the nearest enclosing field's. */
function fieldElement(root: ParentNode, field: string): HTMLElement | null {
  for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
    const found = root.querySelector<HTMLElement>(`#${CSS.escape(fieldId(path))}`);
    if (found) return found;
    if (!path.includes('.')) break;
  }
  return null;
}

export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll('.app-added-error').forEach((node) => node.remove());
  form
    .querySelectorAll('.nhsuk-form-group--error')
    .forEach((node) => node.classList.remove('nhsuk-form-group--error'));
  form
    .querySelectorAll('.nhsuk-input--error, .nhsuk-textarea--error, .nhsuk-select--error')
    .forEach((node) =>
      node.classList.remove('nhsuk-input--error', 'nhsuk-textarea--error', 'nhsuk-select--error'),
    );
  form.querySelectorAll('[data-error-described]').forEach((node) => {
    const ids = (node.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => !id.endsWith('-error'));
    if (ids.length) node.setAttribute('aria-describedby', ids.join(' '));
    else node.removeAttribute('aria-describedby');
    node.removeAttribute('data-error-described');
  });
}

/**
 * Shows errors the NHS way: a summary at the top (focused, each error linking to its field) and
 * the message beside each field. Server errors (`details[].field`, e.g. patient.nhsNumber) and
 * the form's own checks use the same field paths. Returns the errors as they were linked.
 */
export function showErrors(
  form: HTMLElement,
  summaryHost: HTMLElement,
  errors: FieldError[],
): void {
  clearErrors(form);
  const linked: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const element = fieldElement(form, error.field);
    const field = element ? element.id.replace(/^f-/, '') : error.field;
    linked.push({ field: element ? element.id.slice(2) : error.field, message: error.message });
    if (!element || seen.has(field)) continue;
    seen.add(field);
    const group = element.closest('.nhsuk-form-group');
    group?.classList.add('nhsuk-form-group--error');
    const errorId = `${element.id}-error`;
    const message = h(
      'span',
      { class: 'nhsuk-error-message app-added-error', id: errorId },
      h('span', { class: 'nhsuk-u-visually-hidden' }, 'Error: '),
      error.message,
    );
    // A group of radios or checkboxes describes its fieldset; an input describes itself.
    const fieldset = element.closest('fieldset');
    const described = fieldset && group?.contains(fieldset) ? fieldset : element;
    element.before(message);
    if (element.matches('input')) element.classList.add('nhsuk-input--error');
    if (element.matches('textarea')) element.classList.add('nhsuk-textarea--error');
    if (element.matches('select')) element.classList.add('nhsuk-select--error');
    described.setAttribute(
      'aria-describedby',
      [described.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '),
    );
    described.setAttribute('data-error-described', '');
  }
  // Summary links use the field ids (fieldId adds the f- prefix back).
  const summary = errorSummary(linked.map((error) => ({ ...error, field: error.field })));
  replace(summaryHost, summary);
  linkErrorSummary(summary);
  summary.focus();
}

export function clearSummary(summaryHost: HTMLElement): void {
  summaryHost.replaceChildren();
}

/** Form values by name: text trimmed, empty as undefined. */
export function text(form: HTMLFormElement, name: string): string | undefined {
  const value = new FormData(form).get(name);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function all(form: HTMLFormElement, name: string): string[] {
  return new FormData(form)
    .getAll(name)
    .filter((value): value is string => typeof value === 'string');
}

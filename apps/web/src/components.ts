import { fieldId, h, type Child } from './dom';

/**
 * NHS.UK frontend components and patterns, as the design system's markup
 * (service-manual.nhs.uk/design-system): inputs with hints and error messages, radios and
 * checkboxes with hints, the error summary, tags, summary lists, tables, cards, the panel and
 * the warning callout.
 */
export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export interface FieldErrors {
  [field: string]: string | undefined;
}

interface Described {
  /** The field path (patient.nhsNumber): the element's id and the key of its error. */
  field: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
}

function describedBy(id: string, hint?: string, error?: string): string | null {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return ids.length ? ids.join(' ') : null;
}

const errorMessage = (id: string, error?: string) =>
  error &&
  h(
    'span',
    { class: 'nhsuk-error-message', id: `${id}-error` },
    h('span', { class: 'nhsuk-u-visually-hidden' }, 'Error: '),
    error,
  );

const hintText = (id: string, hint?: string) =>
  hint && h('div', { class: 'nhsuk-hint', id: `${id}-hint` }, hint);

const group = (error: string | undefined, ...children: Child[]) =>
  h('div', { class: `nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}` }, ...children);

export interface InputOptions extends Described {
  type?: 'text' | 'tel' | 'date' | 'number' | 'datetime-local';
  value?: string;
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'text';
  autocomplete?: string;
  spellcheck?: boolean;
  step?: string;
  list?: string;
}

export function input(options: InputOptions): HTMLDivElement {
  const id = fieldId(options.field);
  const error = options.errors?.[options.field];
  return group(
    error,
    h('label', { class: 'nhsuk-label', for: id }, options.label),
    hintText(id, options.hint),
    errorMessage(id, error),
    h('input', {
      class: `nhsuk-input${options.width ? ` nhsuk-input--width-${options.width}` : ''}${error ? ' nhsuk-input--error' : ''}`,
      id,
      name: options.field,
      type: options.type ?? 'text',
      value: options.value ?? null,
      inputmode: options.inputmode ?? null,
      autocomplete: options.autocomplete ?? 'off',
      spellcheck: options.spellcheck === undefined ? null : String(options.spellcheck),
      step: options.step ?? null,
      list: options.list ?? null,
      'aria-describedby': describedBy(id, options.hint, error),
    }),
  );
}

export function textarea(options: Described & { rows?: number; value?: string }): HTMLDivElement {
  const id = fieldId(options.field);
  const error = options.errors?.[options.field];
  const area = h('textarea', {
    class: `nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`,
    id,
    name: options.field,
    rows: options.rows ?? 4,
    'aria-describedby': describedBy(id, options.hint, error),
  });
  area.value = options.value ?? '';
  return group(
    error,
    h('label', { class: 'nhsuk-label', for: id }, options.label),
    hintText(id, options.hint),
    errorMessage(id, error),
    area,
  );
}

export function select(
  options: Described & { options: readonly Option[]; value?: string; blank?: string },
): HTMLDivElement {
  const id = fieldId(options.field);
  const error = options.errors?.[options.field];
  const element = h(
    'select',
    {
      class: `nhsuk-select${error ? ' nhsuk-select--error' : ''}`,
      id,
      name: options.field,
      'aria-describedby': describedBy(id, options.hint, error),
    },
    options.blank !== undefined && h('option', { value: '' }, options.blank),
    options.options.map((option) =>
      h('option', { value: option.value, selected: option.value === options.value }, option.label),
    ),
  );
  return group(
    error,
    h('label', { class: 'nhsuk-label', for: id }, options.label),
    hintText(id, options.hint),
    errorMessage(id, error),
    element,
  );
}

/** Radios or checkboxes in a fieldset, each option with an optional hint. */
export function choices(
  kind: 'radios' | 'checkboxes',
  options: Described & {
    options: readonly Option[];
    checked?: readonly string[];
    legendSize?: 's' | 'm' | 'l';
    small?: boolean;
    inline?: boolean;
  },
): HTMLDivElement {
  const id = fieldId(options.field);
  const error = options.errors?.[options.field];
  const input = kind === 'radios' ? 'radio' : 'checkbox';
  return group(
    error,
    h(
      'fieldset',
      { class: 'nhsuk-fieldset', 'aria-describedby': describedBy(id, options.hint, error) },
      h(
        'legend',
        {
          class: `nhsuk-fieldset__legend${options.legendSize ? ` nhsuk-fieldset__legend--${options.legendSize}` : ''}`,
        },
        options.label,
      ),
      hintText(id, options.hint),
      errorMessage(id, error),
      h(
        'div',
        {
          class: `nhsuk-${kind}${options.small ? ` nhsuk-${kind}--small` : ''}${options.inline ? ` nhsuk-${kind}--inline` : ''}`,
          id,
        },
        options.options.map((option, index) => {
          const itemId = index === 0 ? `${id}-0` : `${id}-${index}`;
          return h(
            'div',
            { class: `nhsuk-${kind}__item` },
            h('input', {
              class: `nhsuk-${kind}__input`,
              id: itemId,
              name: options.field,
              type: input,
              value: option.value,
              checked: options.checked?.includes(option.value) ?? false,
              'aria-describedby': option.hint ? `${itemId}-hint` : null,
            }),
            h('label', { class: `nhsuk-label nhsuk-${kind}__label`, for: itemId }, option.label),
            option.hint &&
              h(
                'div',
                { class: `nhsuk-hint nhsuk-${kind}__hint`, id: `${itemId}-hint` },
                option.hint,
              ),
          );
        }),
      ),
    ),
  );
}

export type ButtonKind = 'primary' | 'secondary' | 'warning' | 'reverse' | 'login';

export function button(
  text: string,
  options: { kind?: ButtonKind; type?: 'submit' | 'button'; name?: string; small?: boolean } = {},
): HTMLButtonElement {
  const kind = options.kind ?? 'primary';
  return h(
    'button',
    {
      class: `nhsuk-button${kind === 'primary' ? '' : ` nhsuk-button--${kind}`}${options.small ? ' nhsuk-button--small' : ''}`,
      type: options.type ?? 'submit',
      'data-module': 'nhsuk-button',
      name: options.name ?? null,
    },
    text,
  );
}

/** The error summary, with each error linked to its field. Focus it after it is shown. */
export function errorSummary(errors: readonly { field: string; message: string }[]): HTMLElement {
  return h(
    'div',
    { class: 'nhsuk-error-summary', tabindex: -1, 'aria-labelledby': 'error-summary-title' },
    h(
      'div',
      { role: 'alert' },
      h(
        'h2',
        { class: 'nhsuk-error-summary__heading', id: 'error-summary-title' },
        'There is a problem',
      ),
      h(
        'div',
        { class: 'nhsuk-error-summary__body' },
        h(
          'ul',
          { class: 'nhsuk-list nhsuk-error-summary__list' },
          errors.map((error) =>
            h('li', null, h('a', { href: `#${fieldId(error.field)}` }, error.message)),
          ),
        ),
      ),
    ),
  );
}

/**
 * Makes the error summary's links move focus to their field (the first option of a group),
 * without touching the browser's history.
 */
export function linkErrorSummary(summary: HTMLElement): void {
  summary.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    if (!link) return;
    event.preventDefault();
    const id = (link.getAttribute('href') ?? '').slice(1);
    const target =
      document
        .getElementById(id)
        ?.closest('.nhsuk-radios, .nhsuk-checkboxes')
        ?.querySelector('input') ?? document.getElementById(id);
    const focusable = target instanceof HTMLElement ? target : null;
    const label =
      focusable?.closest('fieldset')?.querySelector('legend') ??
      (focusable && document.querySelector(`label[for="${focusable.id}"]`));
    label?.scrollIntoView();
    focusable?.focus({ preventScroll: Boolean(label) });
  });
}

export type TagColour =
  | 'grey'
  | 'green'
  | 'aqua-green'
  | 'blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow'
  | 'white';

export const tag = (text: string, colour?: TagColour): HTMLElement =>
  h('strong', { class: `nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}` }, text);

export function summaryList(rows: readonly [string, Child][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'nhsuk-summary-list' },
    rows.map(([key, value]) =>
      h(
        'div',
        { class: 'nhsuk-summary-list__row' },
        h('dt', { class: 'nhsuk-summary-list__key' }, key),
        h('dd', { class: 'nhsuk-summary-list__value' }, value ?? 'Not given'),
      ),
    ),
  );
}

/** A responsive table: on a phone each row becomes a block with its headings. */
export function table(
  caption: string,
  headings: readonly string[],
  rows: readonly { cells: readonly Child[]; attributes?: Record<string, string> }[],
): HTMLTableElement {
  return h(
    'table',
    { class: 'nhsuk-table nhsuk-table--responsive', role: 'table' },
    h('caption', { class: 'nhsuk-table__caption nhsuk-table__caption--m' }, caption),
    h(
      'thead',
      { class: 'nhsuk-table__head', role: 'rowgroup' },
      h(
        'tr',
        { class: 'nhsuk-table__row', role: 'row' },
        headings.map((heading) =>
          h('th', { class: 'nhsuk-table__header', scope: 'col', role: 'columnheader' }, heading),
        ),
      ),
    ),
    h(
      'tbody',
      { class: 'nhsuk-table__body' },
      rows.map((row) =>
        h(
          'tr',
          { class: 'nhsuk-table__row', role: 'row', ...row.attributes },
          row.cells.map((cell, index) =>
            h(
              'td',
              { class: 'nhsuk-table__cell', role: 'cell' },
              h(
                'span',
                { class: 'nhsuk-table__heading', 'aria-hidden': 'true' },
                `${headings[index]} `,
              ),
              cell,
            ),
          ),
        ),
      ),
    ),
  );
}

export function card(heading: Child, ...body: Child[]): HTMLDivElement {
  return h(
    'div',
    { class: 'nhsuk-card' },
    h(
      'div',
      { class: 'nhsuk-card__content' },
      h('h2', { class: 'nhsuk-card__heading nhsuk-heading-m' }, heading),
      ...body,
    ),
  );
}

/** The warning callout (a warning card in NHS.UK frontend 10). */
export function warningCallout(heading: string, ...body: Child[]): HTMLDivElement {
  return h(
    'div',
    { class: 'nhsuk-card nhsuk-card--warning' },
    h(
      'div',
      { class: 'nhsuk-card__content' },
      h(
        'h2',
        { class: 'nhsuk-card__heading nhsuk-heading-m' },
        h('span', { class: 'nhsuk-u-visually-hidden' }, 'Important: '),
        heading,
      ),
      ...body,
    ),
  );
}

export function panel(heading: string, ...body: Child[]): HTMLDivElement {
  return h(
    'div',
    { class: 'nhsuk-panel' },
    h('h1', { class: 'nhsuk-panel__heading' }, heading),
    h('div', { class: 'nhsuk-panel__body' }, ...body),
  );
}

export const backLink = (href: string, text = 'Back'): HTMLDivElement =>
  h('div', { class: 'nhsuk-back-link' }, h('a', { class: 'nhsuk-back-link__link', href }, text));

export const p = (...children: Child[]) => h('p', { class: 'nhsuk-body' }, ...children);
export const heading = (level: 1 | 2 | 3, text: Child, size?: 'xl' | 'l' | 'm' | 's') => {
  const tagName = (['h1', 'h2', 'h3'] as const)[level - 1];
  return h(tagName, size ? { class: `nhsuk-heading-${size}` } : null, text);
};

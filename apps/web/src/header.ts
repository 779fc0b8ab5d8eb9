import { h, svg } from './dom';
import type { Session } from './session';

const NHS_LOGO = `<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg>`;

/** Where each role goes: the links in the header. */
function links(session: Session | null): { href: string; text: string }[] {
  if (!session) return [{ href: '/sign-in', text: 'Sign in' }];
  const { roles, teamIds } = session.principal;
  const items: { href: string; text: string }[] = [];
  if (roles.includes('coordinator')) items.push({ href: '/hub', text: 'Hub queue' });
  if (roles.some((role) => role === 'team_lead' || role === 'clinician')) {
    for (const team of teamIds) items.push({ href: `/team/${team}`, text: `Team board: ${team}` });
  }
  if (roles.some((role) => role !== 'admin'))
    items.push({ href: '/refer', text: 'Make a referral' });
  return items;
}

/** The NHS.UK header: logo and service name, who is signed in, and the role's pages. */
export function header(session: Session | null, path: string): HTMLElement {
  const who = session
    ? `${session.principal.name ?? session.principal.id} (${session.principal.roles.join(', ').replace(/_/g, ' ')})`
    : null;
  const items = links(session);
  return h(
    'header',
    { class: 'nhsuk-header', 'data-module': 'nhsuk-header', role: 'banner' },
    h(
      'div',
      { class: 'nhsuk-header__container nhsuk-width-container app-width-container' },
      h(
        'div',
        { class: 'nhsuk-header__service' },
        h(
          'a',
          { class: 'nhsuk-header__service-logo', href: '/', 'aria-label': 'Front Door homepage' },
          svg(NHS_LOGO),
          h('span', { class: 'nhsuk-header__service-name' }, 'Front Door'),
        ),
      ),
      session &&
        h(
          'nav',
          { class: 'nhsuk-header__account', 'aria-label': 'Account' },
          h(
            'ul',
            { class: 'nhsuk-header__account-list' },
            h('li', { class: 'nhsuk-header__account-item' }, who),
            h(
              'li',
              { class: 'nhsuk-header__account-item' },
              h(
                'button',
                { class: 'nhsuk-header__account-button', type: 'button', id: 'sign-out' },
                'Sign out',
              ),
            ),
          ),
        ),
    ),
    h(
      'nav',
      { class: 'nhsuk-header__navigation', 'aria-label': 'Menu' },
      h(
        'div',
        { class: 'nhsuk-header__navigation-container nhsuk-width-container app-width-container' },
        h(
          'ul',
          { class: 'nhsuk-header__navigation-list' },
          items.map((item) => {
            const current = path === item.href || path.startsWith(`${item.href}/`);
            return h(
              'li',
              {
                class: `nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`,
              },
              h(
                'a',
                {
                  class: 'nhsuk-header__navigation-link',
                  href: item.href,
                  'aria-current': current ? 'page' : null,
                },
                item.text,
              ),
            );
          }),
          h(
            'li',
            { class: 'nhsuk-header__menu', hidden: true },
            h(
              'button',
              {
                class: 'nhsuk-header__menu-toggle nhsuk-header__navigation-link',
                id: 'toggle-menu',
                'aria-expanded': 'false',
                type: 'button',
              },
              h('span', { class: 'nhsuk-u-visually-hidden' }, 'Browse '),
              'More',
            ),
          ),
        ),
      ),
    ),
  );
}

import { api, ApiError, problem } from '../api';
import {
  button,
  choices,
  errorSummary,
  linkErrorSummary,
  textarea,
  warningCallout,
} from '../components';
import { h, replace } from '../dom';
import { text } from '../forms';
import type { Page } from '../page';
import { homeFor, signIn } from '../session';

interface DevUser {
  id: string;
  name: string;
  roles: string[];
  teamIds: string[];
  orgCode: string | null;
  description: string;
}

/** Only our own pages are followed after signing in. */
const safeNext = (next: string | null): string | null =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : null;

/**
 * Sign in. On a development or test api (NODE_ENV not production) pick one of the synthetic
 * people in seeds/users.yaml; in production the development routes do not exist, and the page
 * takes the identity provider's token instead (a placeholder until the NHS CIS2 redirect).
 */
export const signInPage: Page = async (main, context) => {
  context.title('Sign in');
  const next = safeNext(context.query.get('next'));
  let users: DevUser[] | null = null;
  try {
    users = (await api<{ users: DevUser[] }>('GET', '/api/v1/dev/users')).users;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      replace(
        main,
        h('h1', null, 'Sign in'),
        warningCallout('Front Door could not be reached', h('p', null, problem(error))),
      );
      return;
    }
  }

  const summary = h('div');
  const done = (token: string) => {
    const session = signIn(token);
    context.navigate(next ?? homeFor(session.principal), { replace: true });
  };
  const showError = (field: string, message: string) => {
    replace(summary, errorSummary([{ field, message }]));
    linkErrorSummary(summary.firstElementChild as HTMLElement);
    (summary.firstElementChild as HTMLElement).focus();
  };

  if (users) {
    const form = h(
      'form',
      { novalidate: true },
      choices('radios', {
        field: 'userId',
        label: 'Who are you signing in as?',
        legendSize: 'm',
        hint: 'Development sign-in: synthetic people from seeds/users.yaml. Not available in production.',
        options: users.map((user) => ({
          value: user.id,
          label: user.name,
          hint: `${user.description} (${user.roles.join(', ').replace(/_/g, ' ')})`,
        })),
      }),
      button('Sign in'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const userId = new FormData(form).get('userId');
      if (typeof userId !== 'string') {
        showError('userId', 'Select who you are signing in as');
        return;
      }
      api<{ token: string }>('POST', '/api/v1/dev/sign-in', { userId })
        .then(({ token }) => done(token))
        .catch((error: unknown) => showError('userId', problem(error)));
    });
    replace(main, summary, h('h1', null, 'Sign in to Front Door'), form);
    return;
  }

  const form = h(
    'form',
    { novalidate: true },
    textarea({
      field: 'token',
      label: 'Your sign-in token',
      hint: 'Paste the token your organisation’s identity provider gave you. Signing in through NHS Care Identity Service 2 directly is coming.',
      rows: 4,
    }),
    button('Sign in'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = text(form, 'token') ?? '';
    if (!token) return showError('token', 'Paste your sign-in token');
    try {
      done(token);
    } catch {
      showError('token', 'This is not a Front Door sign-in token');
    }
  });
  replace(main, summary, h('h1', null, 'Sign in to Front Door'), form);
};

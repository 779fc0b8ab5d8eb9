import { initAll } from 'nhsuk-frontend';
import { whenSignedOut } from './api';
import { h, replace } from './dom';
import { header } from './header';
import type { Page, PageContext } from './page';
import { hubPage } from './pages/hub';
import { referPage } from './pages/refer';
import { referralPage } from './pages/referral';
import { signInPage } from './pages/sign-in';
import { statusPage } from './pages/status';
import { teamPage } from './pages/team';
import { currentSession, homeFor, signOut } from './session';

/**
 * The web app: one page per path, drawn into <main> (history-API routing; the api answers
 * index.html for each path in apps/api/src/http/web-app.ts WEB_PAGES, keep the two lists alike).
 */
interface Route {
  pattern: RegExp;
  names: string[];
  page: Page;
  /** Needs someone signed in. */
  private: boolean;
}

const route = (path: string, page: Page, isPrivate = true): Route => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}/?$`,
  );
  return { pattern, names, page, private: isPrivate };
};

const home: Page = (_main, context) => {
  context.navigate(context.session ? homeFor(context.session.principal) : '/sign-in', {
    replace: true,
  });
};

const teamHome: Page = (_main, context) => {
  const team = context.session?.principal.teamIds[0];
  context.navigate(team ? `/team/${team}` : '/', { replace: true });
};

const ROUTES: Route[] = [
  route('/', home, false),
  route('/sign-in', signInPage, false),
  route('/refer', referPage),
  route('/status/:reference', statusPage),
  route('/hub', hubPage),
  route('/hub/:id', hubPage),
  route('/team', teamHome),
  route('/team/:code', teamPage),
  route('/referrals/:id', referralPage),
];

const notFound: Page = (main, context) => {
  context.title('Page not found');
  replace(
    main,
    h('h1', null, 'Page not found'),
    h('p', { class: 'nhsuk-body' }, h('a', { href: '/' }, 'Go to your start page')),
  );
};

let leave: (() => void) | void = undefined;
let rendering = 0;

async function render(): Promise<void> {
  const run = ++rendering;
  leave?.();
  leave = undefined;
  const main = document.getElementById('maincontent') as HTMLElement;
  const path = location.pathname;
  const session = currentSession();
  const matched = ROUTES.map((candidate) => ({
    candidate,
    match: candidate.pattern.exec(path),
  })).find((found) => found.match);
  replace(document.getElementById('app-header') as HTMLElement, header(session, path));
  initAll({ scope: document.getElementById('app-header') ?? undefined });
  if (matched?.candidate.private && !session) {
    navigate(`/sign-in?next=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  const params: Record<string, string> = {};
  matched?.candidate.names.forEach((name, index) => {
    params[name] = decodeURIComponent(matched.match?.[index + 1] ?? '');
  });
  const context: PageContext = {
    params,
    query: new URLSearchParams(location.search),
    session,
    navigate,
    title: (text) => {
      document.title = `${text} – Front Door`;
    },
  };
  replace(main, h('p', { class: 'nhsuk-body app-muted', role: 'status' }, 'Loading…'));
  const cleanup = await (matched?.candidate.page ?? notFound)(main, context);
  if (run !== rendering) {
    cleanup?.();
    return;
  }
  leave = cleanup;
  initAll({ scope: main });
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void render().then(() => {
    // A new page: take focus to its heading, so a screen reader announces it.
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  });
}

function start(): void {
  document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
  // Links to our own pages move without reloading; everything else behaves as usual.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest('a');
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      link.target ||
      link.origin !== location.origin ||
      link.hasAttribute('download') ||
      link.pathname.startsWith('/api/') ||
      (link.hash && link.pathname === location.pathname)
    ) {
      return;
    }
    event.preventDefault();
    navigate(link.pathname + link.search + link.hash);
  });
  document.addEventListener('click', (event) => {
    if ((event.target as Element | null)?.closest('#sign-out')) {
      signOut();
      navigate('/sign-in');
    }
  });
  window.addEventListener('popstate', () => void render());
  whenSignedOut(() => navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}`));
  void render();
}

start();

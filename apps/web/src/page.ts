import type { Session } from './session';

/** What a page gets: its path parameters, the query, who is signed in, and how to move on. */
export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  session: Session | null;
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Sets the document title (" – Front Door" is added). */
  title(text: string): void;
}

/** A page draws itself into <main>; what it returns is called when the person leaves it. */
export type Page = (
  main: HTMLElement,
  context: PageContext,
) => Promise<(() => void) | void> | (() => void) | void;

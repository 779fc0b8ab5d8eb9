/**
 * FHIR JSON as it arrives: nothing is trusted to have the shape the R4 types promise until a
 * reader has looked, so resources are handled as plain JSON objects here.
 */
export type Json = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isResource(value: unknown, resourceType?: string): value is Json {
  return (
    isObject(value) &&
    typeof value.resourceType === 'string' &&
    (resourceType === undefined || value.resourceType === resourceType)
  );
}

/** Finds the resource a `Reference.reference` points at, or undefined. */
export type Resolve = (reference: string) => Json | undefined;

/** How a ServiceRequest's references are followed, and what else travelled with it. */
export interface ResourceContext {
  resolve: Resolve;
  /** Every other resource sent with the ServiceRequest (contained, or Bundle entries). */
  siblings: readonly Json[];
}

/** `Type/id`, relative or at the end of an absolute URL, optionally with `/_history/n`. */
const TYPE_AND_ID =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

function contained(serviceRequest: Json): Json[] {
  return Array.isArray(serviceRequest.contained)
    ? serviceRequest.contained.filter((resource) => isResource(resource))
    : [];
}

function resolveContained(serviceRequest: Json, reference: string): Json | undefined {
  if (!reference.startsWith('#') || reference.length < 2) return undefined;
  const id = reference.slice(1);
  return contained(serviceRequest).find((resource) => resource.id === id);
}

/** A ServiceRequest POSTed on its own: only `#id` references to its contained resources resolve. */
export function containedContext(serviceRequest: Json): ResourceContext {
  return {
    resolve: (reference) => resolveContained(serviceRequest, reference),
    siblings: contained(serviceRequest),
  };
}

export interface BundleEntryView {
  fullUrl?: string;
  resource: Json;
}

/**
 * A ServiceRequest inside a Bundle: `#id` finds its contained resources; any other reference
 * finds the entry whose `fullUrl` equals it, else the entry whose resource has that type and id.
 */
export function bundleContext(
  serviceRequest: Json,
  entries: readonly BundleEntryView[],
): ResourceContext {
  const others = entries.map((entry) => entry.resource).filter((r) => r !== serviceRequest);
  return {
    resolve(reference) {
      if (reference.startsWith('#')) return resolveContained(serviceRequest, reference);
      const byUrl = entries.find((entry) => entry.fullUrl === reference);
      if (byUrl) return byUrl.resource;
      const match = TYPE_AND_ID.exec(reference);
      if (!match) return undefined;
      const [, type, id] = match;
      return entries.find(
        (entry) =>
          (entry.resource.resourceType === type && entry.resource.id === id) ||
          entry.fullUrl?.endsWith(`/${type}/${id}`),
      )?.resource;
    },
    siblings: [...contained(serviceRequest), ...others],
  };
}

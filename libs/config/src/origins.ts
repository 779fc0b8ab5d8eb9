import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A comma-separated variable as a list of its trimmed, non-empty items. */
export const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

/**
 * True for an origin exactly as a browser sends it in the Origin header (`https://host[:port]`,
 * lower case, no path or trailing slash): CORS compares origins as strings, so any other
 * spelling would never match.
 */
export function isHttpOrigin(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}

export function IsHttpOrigin(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHttpOrigin',
      validator: {
        validate: isHttpOrigin,
        defaultMessage: () =>
          'must list origins like https://frontdoor.example.nhs.uk (scheme and host, optional port, nothing after)',
      },
    },
    options,
  );
}

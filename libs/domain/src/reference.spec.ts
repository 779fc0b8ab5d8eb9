import {
  isValidReference,
  makeReference,
  normaliseReference,
  REFERENCE_ALPHABET,
} from './reference';

describe('referral references', () => {
  const seeded = (values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length];
  };

  it('look like FD-XXXX-XXXX using only unambiguous characters', () => {
    for (let n = 0; n < 500; n += 1) {
      const reference = makeReference(Math.random);
      expect(reference).toMatch(/^FD-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(reference).not.toMatch(/[01OILU]/);
      expect(isValidReference(reference)).toBe(true);
    }
  });

  it('catch any single misheard character and any swap of neighbours', () => {
    const reference = makeReference(seeded([0.1, 0.5, 0.9, 0.3, 0.7, 0.2, 0.6]));
    const chars = reference.replace(/-/g, '').slice(2);
    for (let i = 0; i < 8; i += 1) {
      for (const other of REFERENCE_ALPHABET) {
        if (other === chars[i]) continue;
        const changed = chars.slice(0, i) + other + chars.slice(i + 1);
        expect(isValidReference(`FD-${changed.slice(0, 4)}-${changed.slice(4)}`)).toBe(false);
      }
    }
    for (let i = 0; i < 7; i += 1) {
      if (chars[i] === chars[i + 1]) continue;
      const swapped = chars.slice(0, i) + chars[i + 1] + chars[i] + chars.slice(i + 2);
      expect(isValidReference(`FD-${swapped.slice(0, 4)}-${swapped.slice(4)}`)).toBe(false);
    }
  });

  it('read back what a person types, in any case and spacing', () => {
    const reference = makeReference(Math.random);
    const typed = reference.toLowerCase().replace(/-/g, ' ');
    expect(normaliseReference(typed)).toBe(reference);
    expect(isValidReference('FD-1234-5678')).toBe(false);
    expect(isValidReference('nonsense')).toBe(false);
  });
});

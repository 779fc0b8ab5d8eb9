import { FACTS, codeBit } from './fact-table';
import type { Facts } from './facts';
import type { Atom, Condition } from './rule-set';

/** A compiled condition: a plain function of the facts, built once at load. */
export type Predicate = (facts: Facts) => boolean;

const always: Predicate = () => true;

function bits(codes: readonly string[], values: readonly (string | number)[]): number {
  let mask = 0;
  for (const value of values) mask |= codeBit(codes, String(value));
  return mask;
}

/**
 * One comparison. Unknown values (NaN numbers, undefined booleans and codes) make every
 * comparison false, `ne` and `in` included; only `known: false` is true for them.
 */
function compileAtom(atom: Atom): Predicate {
  const spec = FACTS[atom.fact];
  const { op, value } = atom;
  switch (spec.type) {
    case 'number': {
      const get = spec.get;
      if (op === 'known') {
        return value === true ? (f) => get(f) === get(f) : (f) => get(f) !== get(f);
      }
      if (op === 'in') {
        const list = value as readonly number[];
        return (f) => list.includes(get(f));
      }
      const v = value as number;
      switch (op) {
        case 'eq':
          return (f) => get(f) === v;
        case 'ne':
          return (f) => {
            const x = get(f);
            return x === x && x !== v;
          };
        case 'lt':
          return (f) => get(f) < v;
        case 'lte':
          return (f) => get(f) <= v;
        case 'gt':
          return (f) => get(f) > v;
        case 'gte':
          return (f) => get(f) >= v;
      }
      break;
    }
    case 'boolean': {
      const get = spec.get;
      switch (op) {
        case 'known':
          return value === true ? (f) => get(f) !== undefined : (f) => get(f) === undefined;
        case 'eq':
          return value === true ? (f) => get(f) === true : (f) => get(f) === false;
        case 'ne':
          return value === true ? (f) => get(f) === false : (f) => get(f) === true;
      }
      break;
    }
    case 'code': {
      const get = spec.get;
      switch (op) {
        case 'known':
          return value === true ? (f) => get(f) !== undefined : (f) => get(f) === undefined;
        case 'eq': {
          const v = value as string;
          return (f) => get(f) === v;
        }
        case 'ne': {
          const v = value as string;
          return (f) => {
            const x = get(f);
            return x !== undefined && x !== v;
          };
        }
        case 'in': {
          const list = value as readonly string[];
          return (f) => {
            const x = get(f);
            return x !== undefined && list.includes(x);
          };
        }
      }
      break;
    }
    case 'set': {
      const get = spec.get;
      switch (op) {
        case 'includes': {
          const bit = codeBit(spec.codes, value as string);
          return (f) => (get(f) & bit) !== 0;
        }
        case 'includesAny': {
          const mask = bits(spec.codes, value as readonly string[]);
          return (f) => (get(f) & mask) !== 0;
        }
        case 'includesAll': {
          const mask = bits(spec.codes, value as readonly string[]);
          return (f) => (get(f) & mask) === mask;
        }
      }
      break;
    }
  }
  throw new Error(`operator ${op} does not apply to ${spec.type} fact ${atom.fact}`);
}

function compileAll(items: Predicate[]): Predicate {
  switch (items.length) {
    case 1:
      return items[0];
    case 2: {
      const [a, b] = items;
      return (f) => a(f) && b(f);
    }
    case 3: {
      const [a, b, c] = items;
      return (f) => a(f) && b(f) && c(f);
    }
    default:
      return (f) => {
        for (let i = 0; i < items.length; i += 1) if (!items[i](f)) return false;
        return true;
      };
  }
}

function compileAny(items: Predicate[]): Predicate {
  switch (items.length) {
    case 1:
      return items[0];
    case 2: {
      const [a, b] = items;
      return (f) => a(f) || b(f);
    }
    case 3: {
      const [a, b, c] = items;
      return (f) => a(f) || b(f) || c(f);
    }
    default:
      return (f) => {
        for (let i = 0; i < items.length; i += 1) if (items[i](f)) return true;
        return false;
      };
  }
}

/** Compiles a loaded condition into one closure (no interpretation left at evaluation). */
export function compileCondition(condition: Condition): Predicate {
  switch (condition.kind) {
    case 'always':
      return always;
    case 'atom':
      return compileAtom(condition);
    case 'all':
      return compileAll(condition.items.map(compileCondition));
    case 'any':
      return compileAny(condition.items.map(compileCondition));
    case 'not': {
      const inner = compileCondition(condition.item);
      return (f) => !inner(f);
    }
  }
}

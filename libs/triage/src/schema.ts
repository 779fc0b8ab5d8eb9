import { REFERRAL_FLAGS, TEAM_PATHWAYS, URGENCIES } from '@frontdoor/domain';
import { FACTS, factsAvailableIn, type FactName } from './fact-table';
import { STAGES, type Stage } from './facts';
import { OPERATORS, OPERATORS_BY_TYPE, ROUTE_BY, type Operator } from './rule-set';

/**
 * JSON Schemas (draft 2019-09) of the manifest and of a rule file, generated from the fact
 * catalogue and the contract's code lists so that they can never drift apart. Editors can use
 * them too (`npm run triage:check -- --schema` prints the rule-file schema).
 */

type Schema = Record<string, unknown>;

export const KEBAB_CASE = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const SNAKE_CASE = '^[a-z][a-z0-9]*(_[a-z0-9]+)*$';
export const SEMVER = '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$';
export const RULE_FILE_NAME = '^[A-Za-z0-9._-]+\\.ya?ml$';

export const MANIFEST_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'files'],
  properties: {
    name: { type: 'string', pattern: KEBAB_CASE },
    version: { type: 'string', pattern: SEMVER },
    description: { type: 'string' },
    files: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: RULE_FILE_NAME },
    },
    lexicon: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: RULE_FILE_NAME },
    },
  },
};

/** Urgencies a rule may choose (`immediate` is the red flags' alone). */
export const RULE_URGENCIES = URGENCIES.filter((urgency) => urgency !== 'immediate');

function operandSchema(name: FactName, op: Operator): Schema {
  const spec = FACTS[name];
  if (op === 'known') return { type: 'boolean' };
  switch (spec.type) {
    case 'number':
      return op === 'in'
        ? { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'number' } }
        : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'code':
      return op === 'in'
        ? { type: 'array', minItems: 1, uniqueItems: true, items: { enum: spec.codes } }
        : { enum: spec.codes };
    case 'set':
      return op === 'includes'
        ? { enum: spec.codes }
        : { type: 'array', minItems: 1, uniqueItems: true, items: { enum: spec.codes } };
  }
}

/** What a `{ fact: name, … }` node may hold: the fact's operators with typed operands. */
function factNodeSchema(name: FactName): Schema {
  const ops = OPERATORS_BY_TYPE[FACTS[name].type];
  return {
    properties: Object.fromEntries(ops.map((op) => [op, operandSchema(name, op)])),
    propertyNames: { enum: ['fact', ...ops] },
  };
}

function conditionSchema(stage: Stage): Schema {
  const self = { $ref: `#/$defs/condition_${stage}` };
  const facts = factsAvailableIn(stage);
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      all: { type: 'array', minItems: 1, items: self },
      any: { type: 'array', minItems: 1, items: self },
      not: self,
      fact: { enum: facts },
      ...Object.fromEntries(OPERATORS.map((op) => [op, true])),
    },
    dependentRequired: Object.fromEntries(OPERATORS.map((op) => [op, ['fact']])),
    // A fact node holds the fact and one or more operators (all must hold); any other node is
    // exactly one of all, any, not.
    if: { required: ['fact'] },
    then: { minProperties: 2 },
    else: { minProperties: 1, maxProperties: 1 },
    allOf: facts.map((name) => ({
      if: { required: ['fact'], properties: { fact: { const: name } } },
      then: factNodeSchema(name),
    })),
  };
}

const FLAGS_SCHEMA: Schema = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { enum: REFERRAL_FLAGS },
};

function outcomeSchema(stage: Stage): Schema {
  const object = (properties: Schema, required: string[] = []): Schema => ({
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    required,
    properties,
  });
  switch (stage) {
    case 'red_flags':
      return object(
        {
          redFlag: { type: 'string', pattern: SNAKE_CASE },
          severity: { type: 'integer', minimum: 1, maximum: 5 },
          respectApplies: { type: 'boolean' },
        },
        ['redFlag', 'severity', 'respectApplies'],
      );
    case 'eligibility':
      return object({ pathway: { enum: TEAM_PATHWAYS }, flags: FLAGS_SCHEMA });
    case 'pathway':
      return object({ pathway: { enum: TEAM_PATHWAYS }, flags: FLAGS_SCHEMA }, ['pathway']);
    case 'urgency':
      return object({ urgency: { enum: RULE_URGENCIES } }, ['urgency']);
    case 'flags':
      return object({ flags: FLAGS_SCHEMA }, ['flags']);
    case 'routing':
      return object({
        pathway: { const: 'transfer_out' },
        flags: FLAGS_SCHEMA,
        routeBy: { enum: ROUTE_BY },
      });
  }
}

function ruleSchema(stage: Stage): Schema {
  const prioritised = stage === 'eligibility' || stage === 'pathway';
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'when', 'then', 'source'],
    properties: {
      id: { type: 'string', pattern: KEBAB_CASE },
      title: { type: 'string', minLength: 5 },
      when: {
        type: ['string', 'object'],
        if: { type: 'string' },
        then: { const: 'always' },
        else: { $ref: `#/$defs/condition_${stage}` },
      },
      then: outcomeSchema(stage),
      source: { type: 'string', minLength: 5 },
      notes: { type: 'string' },
      ...(prioritised ? { priority: { type: 'integer', minimum: -1000, maximum: 1000 } } : {}),
    },
  };
}

export const RULE_FILE_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['stage', 'rules'],
  properties: {
    stage: { enum: STAGES },
    description: { type: 'string' },
    rules: { type: 'array', minItems: 1 },
  },
  allOf: STAGES.map((stage) => ({
    if: { required: ['stage'], properties: { stage: { const: stage } } },
    then: { properties: { rules: { type: 'array', items: { $ref: `#/$defs/rule_${stage}` } } } },
  })),
  $defs: Object.fromEntries(
    STAGES.flatMap((stage) => [
      [`condition_${stage}`, conditionSchema(stage)],
      [`rule_${stage}`, ruleSchema(stage)],
    ]),
  ),
};

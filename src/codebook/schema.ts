// The JSON Schema of codebook YAML; codebooks/codebook.schema.json is generated from it (npm run schema).
import { RULE_KIND_NAMES, RULE_KINDS } from '../engine/rule-kinds.js';
import { termsSchema as terms } from '../engine/terms.js';
import { ADDRESSEES, CODE_ROLES } from './types.js';

/** What the rule kinds add to a rule's properties, in registry order: each kind's key, then its modifiers. */
const kindProperties: Record<string, object> = Object.assign({}, ...Object.values(RULE_KINDS).map((kind) => kind.schema));

const scoreIdPattern = '^[a-z0-9][a-z0-9_-]*$';

const speakerFilter = {
  description: 'Which turns are coded: respondents (default), interviewers, all, or a list of speaker labels.',
  anyOf: [
    { enum: ['respondents', 'interviewers', 'all'] },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
} as const;

const negationPolicy = {
  type: 'string',
  minLength: 1,
  description: 'A negated match: `skip` (does not count, default), `ignore` (counts anyway), `require` (only negated matches count, e.g. "not enough staff") or a code id to re-route it to.',
} as const;

const rule = {
  type: 'object',
  additionalProperties: false,
  description: `A matching rule. Exactly one of ${RULE_KIND_NAMES.join(', ')}.`,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9_.:-]+$', description: 'A name for the rule, shown in segments.' },
    ...kindProperties,
    unless: { ...terms, description: 'The rule does not fire when any of these terms occurs in the unit.' },
    stem: { type: 'boolean', description: 'Match every term by its stem in the codebook language.' },
    negated: negationPolicy,
    speakers: speakerFilter,
  },
  oneOf: RULE_KIND_NAMES.map((kind) => ({ required: [kind] })),
} as const;

const profileMatch = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z0-9_-]+$' },
  additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
} as const;

const code: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'definition'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9_-]+(\\.[a-z0-9_-]+)*$', description: 'Dotted path: a child id starts with its parent id and a dot.' },
    label: { type: 'string', minLength: 1 },
    definition: { type: 'string', minLength: 1 },
    use_when: { type: 'string' },
    not_when: { type: 'string' },
    quadrant: { enum: ['strength', 'weakness', 'opportunity', 'threat'] },
    color: { type: 'string', pattern: '^#[0-9A-Fa-f]{6}$' },
    role: {
      enum: [...CODE_ROLES],
      description:
        'What the code stands for in reports: partners (parent of partner types), expected-partner (a partner type whose absence is a gap), systematic / accidental / absent (character of collaboration), attitudes, holders (whose attitude), stereotype, services (parent of service levels, in level order), barriers, catch-all (an "other ..." sub-theme).',
    },
    examples: { type: 'array', items: { type: 'string', minLength: 1 } },
    counter_examples: { type: 'array', items: { type: 'string', minLength: 1 } },
    rules: { type: 'array', items: rule },
    codes: { type: 'array', items: { $ref: '#/definitions/code' } },
  },
};

export const codebookSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://qeval.invalid/schema/codebook.schema.json',
  title: 'qeval codebook',
  type: 'object',
  additionalProperties: false,
  required: ['codebook', 'version', 'language', 'codes'],
  definitions: { code },
  properties: {
    $schema: { type: 'string' },
    codebook: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', description: 'The codebook name.' },
    version: { type: ['string', 'number'], minLength: 1, description: 'The codebook version, e.g. 1.2.0 (recorded in every segment).' },
    title: { type: 'string' },
    description: { type: 'string' },
    language: { type: 'string', pattern: '^[a-z]{2,3}$', description: 'ISO 639 code of the texts this codebook codes (en, lt ...).' },
    unit: { enum: ['sentence', 'paragraph', 'turn'] },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        stem: { type: 'boolean' },
        negated: negationPolicy,
        speakers: speakerFilter,
        within: { type: 'integer', minimum: 1, maximum: 50 },
      },
    },
    speakers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        interviewer: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Speaker labels of interviewer turns.' },
      },
    },
    negation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cues: { ...terms, description: 'Words or phrases that negate what follows them in the same clause ("*n\'t" matches every word ending in n\'t).' },
        window: { type: 'integer', minimum: 1, maximum: 20, description: 'How many words before a match a cue may stand (default 4).' },
        breaks: { ...terms, description: 'Words that end the reach of a cue ("but", "however").' },
        except: {
          type: 'array',
          items: { type: 'string', pattern: "[^\\s*'’,.-]", description: 'A phrase with letters or digits, such as "not only".' },
          description: 'Phrases that start with a cue but are not negation ("not only", "no doubt"): the cue negates nothing, and no shorter term matches inside the phrase. Default: a list for the codebook language; [] turns it off.',
        },
      },
    },
    lexicons: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9_-]+$' },
      additionalProperties: terms,
    },
    codes: { type: 'array', minItems: 1, items: { $ref: '#/definitions/code' } },
    model: { type: 'string', minLength: 1, description: 'A model trained for this codebook with `qeval train` (path relative to this file), used with the rules unless --no-model.' },
    indices: {
      type: 'array',
      description: 'Scores `qeval score` computes per document or group: a weighted sum of code counts or densities, optionally divided by the sum over `over`.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'weights'],
        properties: {
          id: { type: 'string', pattern: scoreIdPattern, description: 'Column name of the index (index:<id>) and the name --sort takes.' },
          label: { type: 'string', minLength: 1 },
          definition: { type: 'string', minLength: 1, description: 'What the index means, for readers of the scores.' },
          of: { enum: ['count', 'density'], description: 'What the weights multiply: segment counts (code and sub-codes), or densities per 1,000 words (default).' },
          weights: {
            type: 'object',
            minProperties: 1,
            additionalProperties: { type: 'number' },
            description: 'Code id -> weight (negative weights subtract).',
          },
          over: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' }, description: 'Divide by the sum of these codes\' values (no value when it is 0); leave out for no divisor.' },
        },
      },
    },
    flags: {
      type: 'array',
      description: 'Flags `qeval score` raises on a document or group when all of its conditions hold.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'when'],
        properties: {
          id: { type: 'string', pattern: scoreIdPattern },
          label: { type: 'string', minLength: 1, description: 'What the flag says, e.g. "No evidence of work with the police".' },
          min_words: { type: 'integer', minimum: 1, description: 'Raised only on a document or group of at least this many words (a short note holds too little evidence either way).' },
          when: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              title: 'condition',
              description: 'Exactly one of code, density or index, with min, max or both.',
              additionalProperties: false,
              properties: {
                code: { type: 'string', description: 'Segments of this code and its sub-codes.' },
                density: { type: 'string', description: 'Segments of this code and its sub-codes per 1,000 words.' },
                index: { type: 'string', description: 'An index of this codebook (no value never satisfies a condition).' },
                min: { type: 'number', description: 'At least this (inclusive).' },
                max: { type: 'number', description: 'At most this (inclusive).' },
              },
              oneOf: [{ required: ['code'] }, { required: ['density'] }, { required: ['index'] }],
              anyOf: [{ required: ['min'] }, { required: ['max'] }],
            },
          },
        },
      },
    },
    recommendations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'when', 'text'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
          when: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['code'],
              properties: {
                code: { type: 'string' },
                min: { type: 'integer', minimum: 0 },
                max: { type: 'integer', minimum: 0 },
                above: { type: 'string', description: 'The count must also exceed this code\'s count (sub-codes included).' },
              },
            },
          },
          to: { enum: [...ADDRESSEES], description: 'Who should act on it (default: organization).' },
          profile: { ...profileMatch, description: 'Applies only when the organization profile matches every attribute listed (attribute: [patterns]).' },
          unless_profile: { ...profileMatch, description: 'Never applies when the organization profile matches any attribute listed, e.g. {org_type: [ministry]} or {services: [counsel*]}.' },
          text: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

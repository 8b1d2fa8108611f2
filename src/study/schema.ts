// The JSON Schema of the study file (qeval.yaml): sources, attributes, codebooks, unit, report languages, output.

const path = { type: 'string', minLength: 1 } as const;

export const studySchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://qeval.invalid/schema/study.schema.json',
  title: 'qeval study',
  description: 'A study for `qeval run`: what to read, how to code it and what to write. Paths are relative to this file.',
  type: 'object',
  additionalProperties: false,
  required: ['title', 'sources'],
  properties: {
    $schema: { type: 'string' },
    title: { type: 'string', minLength: 1, description: 'The study title, shown on every report.' },
    description: { type: 'string' },
    sources: {
      type: 'array',
      minItems: 1,
      items: { ...path, description: 'A file, folder or glob (e.g. interviews/**/*.md): .txt, .md with front matter, survey .csv.' },
      description: 'The documents to code.',
    },
    root: { ...path, description: 'Document ids are paths relative to this folder (default: the folder of the study file).' },
    attributes: { ...path, description: 'CSV with a `document` column and one column per attribute (organization, role, language ...).' },
    organizations: { ...path, description: 'CSV with an `organization` column and organization-level attributes (name, org_type, city, founded, services).' },
    codebook: { ...path, description: 'The codebook for documents whose language has no entry under `codebooks` (default: the bundled SWOT codebooks).' },
    codebooks: {
      type: 'object',
      description: 'One codebook per document language, keyed by ISO 639 code (en, lt ...): a document\'s `language` attribute picks it. All share code ids.',
      additionalProperties: path,
      minProperties: 1,
    },
    models: {
      description: 'false: code with the codebooks\' rules alone; or one trained model per document language ({en: model.json}), used instead of the codebooks\' own `model:` (default: each codebook\'s `model:`).',
      anyOf: [{ const: false }, { type: 'object', additionalProperties: path, minProperties: 1 }],
    },
    unit: { enum: ['sentence', 'paragraph', 'turn'], description: 'Coding unit (default: the codebook\'s).' },
    encoding: { type: 'string', minLength: 1, description: 'Encoding of every source (default: detect UTF-8/UTF-16 BOM/Windows-1257).' },
    survey: {
      type: 'object',
      description: 'How survey CSVs among the sources are read.',
      additionalProperties: false,
      required: ['open'],
      properties: {
        open: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', minLength: 1, description: 'A column by its header or its question text (case, spaces, _ and - aside).' },
          description: 'The open-answer columns: the columns coded, in every survey that has any of them (default: the columns whose answers are sentences).',
        },
      },
    },
    by: { type: 'string', minLength: 1, description: 'The document attribute that names the organization (default: organization).' },
    lang: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['en', 'lt'] },
      description: 'Report languages; one set of reports per language (default: [en]).',
    },
    formats: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['md', 'html', 'json', 'docx'] },
      description: 'Report formats: md, html, json, docx (default: md, html and json).',
    },
    top: { type: 'integer', minimum: 1, maximum: 50, description: 'Quotes shown per sub-theme, cell or condition (default: 3).' },
    output: { ...path, description: 'Output folder (default: out, next to the study file).' },
  },
} as const;

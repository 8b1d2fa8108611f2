// Parses and checks a study file (YAML -> schema -> StudySpec); pure, every problem placed at file:line:column.
import { QevalError, type Place } from '../model/errors.js';
import type { UnitKind } from '../model/types.js';
import { YamlSource, validateAgainstSchema, type YamlPath } from '../config/yaml-source.js';
import type { ReportFormat } from '../report/files.js';
import type { Lang } from '../report/i18n.js';
import { studySchema } from './schema.js';
import { knownEncoding, unknownEncodingMessage } from '../io/decode.js';

/** A study as written, with paths still relative to the study file. */
export interface StudyFileSpec {
  title: string;
  description?: string;
  sources: string[];
  root?: string;
  attributes?: string;
  organizations?: string;
  codebook?: string;
  codebooks?: Record<string, string>;
  models?: false | Record<string, string>;
  unit?: UnitKind;
  encoding?: string;
  survey?: { open: string[] };
  by?: string;
  lang?: Lang[];
  formats?: ReportFormat[];
  top?: number;
  output?: string;
}

/** A parsed study with defaults applied. Paths are still relative to `dir`, the study file's folder. */
export interface Study {
  file: string;
  title: string;
  description: string | null;
  sources: string[];
  root: string;
  attributes: string | null;
  organizations: string | null;
  codebook: string | null;
  codebooks: [lang: string, path: string][];
  /** false: code with rules alone; a list: one model per language; null: each codebook's own `model:`. */
  models: false | [lang: string, path: string][] | null;
  unit: UnitKind | null;
  encoding: string | null;
  /** The open-answer columns of survey CSVs (`survey.open`); empty: each survey's columns of sentences. */
  openColumns: string[];
  by: string;
  /** Whether the study file gives `by` (else the default, organization). */
  byGiven: boolean;
  lang: Lang[];
  formats: ReportFormat[];
  top: number;
  output: string;
  /** Where each key sits in the file, for later messages (a missing source, a codebook of the wrong language). */
  placeOf(path: YamlPath): Place;
}

/** `sources[2]`, `codebooks.lt`, `lang[1]`, `survey.open[2]`: where in the study a schema problem is. */
function describe(path: YamlPath): string {
  const [key, ...rest] = path;
  if (typeof key !== 'string') return '';
  return rest.reduce<string>((at, part) => (typeof part === 'number' ? `${at}[${part + 1}]` : `${at}.${part}`), rest.length > 0 ? key : '');
}

export function parseStudy(text: string, file: string): Study {
  const source = new YamlSource(text, file);
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    throw new QevalError('STUDY_NOT_A_MAP', 'a study file is a YAML map with at least "title" and "sources"; see README, "Study file"', { file, line: 1, column: 1 });
  }
  validateAgainstSchema(source, studySchema, describe);
  const spec = source.data as StudyFileSpec;
  const badKeys = Object.keys(spec.codebooks ?? {}).filter((k) => !/^[a-z]{2,3}$/.test(k));
  if (badKeys.length > 0) {
    throw QevalError.all(
      badKeys.map((k) => new QevalError('STUDY_BAD_LANGUAGE_KEY', `codebooks: "${k}" is not a language code; key each codebook by the ISO 639 code of its documents' language attribute (en, lt ...)`, source.placeOf(['codebooks', k], true))),
    );
  }
  // Refused here, at its key, not once per source file as each is read.
  if (spec.encoding !== undefined && !knownEncoding(spec.encoding)) throw new QevalError('STUDY_ENCODING', `encoding: ${unknownEncodingMessage(spec.encoding)}`, source.placeOf(['encoding']));
  return {
    file,
    title: spec.title,
    description: spec.description ?? null,
    sources: spec.sources,
    root: spec.root ?? '.',
    attributes: spec.attributes ?? null,
    organizations: spec.organizations ?? null,
    codebook: spec.codebook ?? null,
    codebooks: Object.entries(spec.codebooks ?? {}),
    models: spec.models === false ? false : spec.models ? Object.entries(spec.models) : null,
    unit: spec.unit ?? null,
    encoding: spec.encoding ?? null,
    openColumns: spec.survey?.open ?? [],
    by: spec.by ?? 'organization',
    byGiven: spec.by !== undefined,
    lang: spec.lang ?? ['en'],
    formats: spec.formats ?? ['md', 'html', 'json'],
    top: spec.top ?? 3,
    output: spec.output ?? 'out',
    placeOf: (path) => source.placeOf(path),
  };
}

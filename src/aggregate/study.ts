// Builds every aggregate a study report needs: one OrganizationReport per organization and the StudySummary.
import type { Codebook } from '../codebook/types.js';
import { QEVAL_VERSION } from '../version.js';
import { QUADRANTS } from '../model/types.js';
import { attitudesSection } from './attitudes.js';
import { negationContradictions, oppositeQuadrantContradictions } from './contradictions.js';
import { compareStrings, DEFAULT_TOP, documentIndex, Evidence, genderOf, isLowConfidence, themesOf } from './evidence.js';
import { codeMatrix, frequencies } from './matrix.js';
import { collaborationNetwork } from './network.js';
import { networkingSection } from './networking.js';
import { evaluateRecommendations } from './recommendations.js';
import { keyFindings } from './findings.js';
import { executiveSummary } from './executive.js';
import { barriersSection, servicesSection } from './services.js';
import { groupEvidence, swotGrid } from './swot.js';
import type {
  AggregateInput,
  AggregateOptions,
  CodebookRef,
  DocumentSummary,
  MethodInfo,
  ModelRef,
  OrganizationInfo,
  OrganizationReport,
  StudyReports,
  StudySummary,
  SwotView,
  ThemeConfig,
  ValueCount,
} from './types.js';

interface Resolved {
  top: number;
  by: string;
  themes: ThemeConfig;
}

function resolve(input: AggregateInput, options: AggregateOptions): Resolved {
  return { top: options.top ?? DEFAULT_TOP, by: options.by ?? 'organization', themes: options.themes ?? themesOf(input.codebook) };
}

export function evidenceOf(input: AggregateInput): Evidence {
  return new Evidence(input.codebook, input.segments, documentIndex(input.documents, input.segments));
}

/** The SWOT view of `qeval swot`: overall and, with `by`, one grid per attribute value. */
export function aggregateSwot(input: AggregateInput, options: { top?: number; by?: string | null } = {}): SwotView {
  const ev = evidenceOf(input);
  const top = options.top ?? DEFAULT_TOP;
  const by = options.by ?? null;
  return {
    by,
    overall: swotGrid(ev, top),
    groups: by === null ? [] : groupEvidence(ev, by).map(({ key, evidence }) => swotGrid(evidence, top, key)),
  };
}

function countValues(values: (string | null)[]): ValueCount[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || compareStrings(a.value, b.value));
}

function codebookRefs(input: AggregateInput): CodebookRef[] {
  const refs: CodebookRef[] = [];
  const seen = new Set<string>();
  for (const cb of [input.codebook, ...(input.codebooks ?? [])]) {
    const ref = { name: cb.spec.codebook, version: cb.spec.version, language: cb.spec.language };
    const key = `${ref.name}\u0000${ref.version}\u0000${ref.language}`;
    if (!seen.has(key)) {
      seen.add(key);
      refs.push(ref);
    }
  }
  return refs;
}

/** The models for languages the documents are in (a document without a language is coded with the primary codebook's). */
function modelsUsed(input: AggregateInput): ModelRef[] {
  const languages = new Set(input.documents.map((d) => d.attributes.language ?? input.codebook.spec.language));
  return (input.models ?? []).filter((m) => languages.has(m.language));
}

function methodInfo(input: AggregateInput, ev: Evidence, documentIds: readonly string[], r: Resolved, ungrouped: number): MethodInfo {
  return {
    codebooks: codebookRefs(input),
    models: modelsUsed(input),
    unit: input.unit ?? input.codebook.spec.unit ?? null,
    groupBy: r.by,
    documents: documentIds.length,
    segments: ev.segments.length,
    units: ev.unitCount,
    coders: countValues(ev.segments.map((s) => s.coder)),
    methods: countValues(ev.segments.map((s) => s.method ?? 'manual')),
    lowConfidence: ev.segments.filter(isLowConfidence).length,
    ungrouped,
    top: r.top,
    qevalVersion: QEVAL_VERSION,
  };
}

function documentSummary(ev: Evidence, id: string): DocumentSummary {
  const attr = (name: string) => ev.attribute(id, name);
  return {
    id,
    title: attr('title'),
    kind: attr('kind'),
    role: attr('role'),
    ...genderOf(ev, id),
    date: attr('date'),
    language: attr('language'),
    segments: ev.segments.filter((s) => s.document === id).length,
  };
}

function documentsOf(ev: Evidence, id: string, r: Resolved): string[] {
  return [...ev.documents.keys()].filter((d) => ev.attribute(d, r.by) === id).sort(compareStrings);
}

/** The organization's own type: org_type in the organizations CSV, else the first of its documents that has one. */
function organizationType(ev: Evidence, id: string, info: OrganizationInfo | undefined, r: Resolved): string | null {
  return info?.attributes[r.themes.orgTypeAttribute] || documentsOf(ev, id, r).map((d) => ev.attribute(d, r.themes.orgTypeAttribute)).find((v) => v !== null) || null;
}

/** The attributes recommendation rules see: the organizations CSV row, with org_type from the documents when the CSV has none. */
function profileOf(info: OrganizationInfo | undefined, orgType: string | null, r: Resolved): Record<string, string> {
  const profile: Record<string, string> = { ...(info?.attributes ?? {}) };
  if (orgType !== null && !profile[r.themes.orgTypeAttribute]) profile[r.themes.orgTypeAttribute] = orgType;
  return profile;
}

/** More than half of the organizations: a recommendation this common is the study's, not one organization's. */
export function isWidespread(count: number, organizations: number): boolean {
  return organizations >= 3 && count * 2 > organizations;
}

function organizationReport(input: AggregateInput, ev: Evidence, id: string, info: OrganizationInfo | undefined, orgType: string | null, r: Resolved): OrganizationReport {
  const documentIds = documentsOf(ev, id, r);
  const documents = documentIds.map((d) => documentSummary(ev, d));
  const swot = swotGrid(ev, r.top, { attribute: r.by, value: id }, new Set());
  const contradictions = [...oppositeQuadrantContradictions(ev, r.top), ...negationContradictions(ev, r.top)];
  const networking = networkingSection(ev, r.themes, r.top, orgType);
  const attitudes = attitudesSection(ev, r.themes, r.top);
  const services = servicesSection(ev, r.themes, r.top);
  const barriers = barriersSection(ev, r.themes, r.top);
  const recommendations = evaluateRecommendations(ev, input.codebook.spec.recommendations ?? [], r.top, profileOf(info, orgType, r));
  return {
    kind: 'organization-report',
    title: input.title ?? null,
    organization: id,
    name: info?.attributes.name || null,
    profile: {
      attributes: info ? Object.entries(info.attributes).filter(([, v]) => v !== '') : [],
      documents,
      roles: countValues(documents.map((d) => d.role)),
      kinds: countValues(documents.map((d) => d.kind)),
      segments: ev.segments.length,
      units: ev.unitCount,
    },
    findings: keyFindings(ev, r.themes, { swot, contradictions, networking, attitudes, services, barriers, recommendations }),
    swot,
    contradictions,
    networking,
    attitudes,
    services,
    barriers,
    recommendations,
    method: methodInfo(input, ev, documentIds, r, 0),
  };
}

/**
 * aggregateStudy by report language: the reports made with `codebook` as the input's codebook (its
 * recommendation rules and profile patterns are written in its language), each made once.
 */
export function studyReportsByCodebook(input: AggregateInput, options: AggregateOptions = {}): (codebook: Codebook) => StudyReports {
  const made = new Map<Codebook, StudyReports>();
  return (codebook) => {
    let found = made.get(codebook);
    if (!found) made.set(codebook, (found = aggregateStudy({ ...input, codebook }, options)));
    return found;
  };
}

/**
 * One report per value of the grouping attribute (documents without it are counted in the summary's
 * method appendix but get no report), and the cross-organization summary.
 */
export function aggregateStudy(input: AggregateInput, options: AggregateOptions = {}): StudyReports {
  const r = resolve(input, options);
  const ev = evidenceOf(input);
  const infos = new Map((input.organizations ?? []).map((o) => [o.id, o]));
  const groups = groupEvidence(ev, r.by).filter((g) => g.key.value !== null);
  const columns = groups.map((g) => {
    const id = g.key.value as string;
    return { id, evidence: g.evidence, type: organizationType(g.evidence, id, infos.get(id), r) };
  });
  const reports = columns.map(({ id, evidence, type }) => organizationReport(input, evidence, id, infos.get(id), type, r));
  const recommendations = (input.codebook.spec.recommendations ?? []).map((rule) => {
    const organizations = reports.filter((rep) => rep.recommendations.some((x) => x.id === rule.id && x.triggered)).map((rep) => rep.organization);
    return { id: rule.id, text: rule.text, to: rule.to ?? 'organization', organizations, widespread: isWidespread(organizations.length, reports.length) };
  });
  for (const rep of reports) {
    for (const rec of rep.recommendations) rec.widespread = rec.triggered && recommendations.some((x) => x.id === rec.id && x.widespread);
  }
  const allDocuments = [...ev.documents.keys()].sort(compareStrings);
  const ungrouped = allDocuments.filter((d) => ev.attribute(d, r.by) === null).length;
  const network = collaborationNetwork(columns, r.themes);
  const summary: StudySummary = {
    kind: 'study-summary',
    title: input.title ?? null,
    by: r.by,
    executive: executiveSummary(ev, columns, reports, network, recommendations, r.themes),
    organizations: reports.map((rep, i) => ({
      id: rep.organization,
      name: rep.name,
      type: columns[i]?.type ?? null,
      documents: rep.profile.documents.length,
      segments: rep.profile.segments,
      quadrants: QUADRANTS.map((q) => rep.swot.quadrants.find((c) => c.quadrant === q)?.count ?? 0),
      recommendations: rep.recommendations.filter((x) => x.triggered).map((x) => x.id),
      contradictions: rep.contradictions.length + rep.networking.contradictions.length + rep.attitudes.contradictions.length,
      gaps: rep.networking.gaps.map((g) => g.code),
    })),
    missing: [...infos.keys()].filter((id) => !columns.some((c) => c.id === id)).sort(compareStrings).map((id) => ({ id, name: infos.get(id)?.attributes.name || null })),
    swot: swotGrid(ev, r.top),
    matrix: codeMatrix(ev, columns),
    frequencies: frequencies(columns),
    network,
    recommendations,
    method: methodInfo(input, ev, allDocuments, r, ungrouped),
  };
  return { summary, organizations: reports };
}

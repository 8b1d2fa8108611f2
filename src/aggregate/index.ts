// The aggregation library: pure reducers from coded segments to the tables every report renders.
export type * from './types.js';
export { DEFAULT_THEMES, DEFAULT_TOP, Evidence, catchAllCodes, compareStrings, documentIndex, isOwnType, themesOf } from './evidence.js';
export { compareQuotes, quotesFor, rankQuotes, takeUnused } from './quotes.js';
export { groupEvidence, quadrantCodes, spreadQuotes, swotGrid } from './swot.js';
export { attitudeContradictions, negationContradictions, networkingContradictions, oppositeQuadrantContradictions } from './contradictions.js';
export { characterOf, networkingSection, partnerEvidence } from './networking.js';
export { attitudesSection } from './attitudes.js';
export { barriersSection, servicesSection } from './services.js';
export { evaluateCondition, evaluateRecommendations } from './recommendations.js';
export { codeMatrix, frequencies } from './matrix.js';
export { collaborationNetwork } from './network.js';
export { aggregateStudy, aggregateSwot, evidenceOf } from './study.js';

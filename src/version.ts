// The qeval version, recorded in coded segments and report appendices.
export const QEVAL_VERSION = '0.1.0';

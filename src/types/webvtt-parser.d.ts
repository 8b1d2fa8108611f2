// Types for the parts of webvtt-parser qeval uses (the package ships none).
declare module 'webvtt-parser' {
  /** A node of a cue's parsed text: text, or an element such as `v` (voice, its name in `value`), `i`, `b`, `c`. */
  export interface CueNode {
    type: 'text' | 'object' | 'timestamp';
    name?: string;
    value?: string;
    classes?: string[];
    children?: CueNode[];
  }
  export interface ParsedCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: CueNode[] };
  }
  export interface ParseResult {
    cues: ParsedCue[];
    errors: { message: string; line: number; col?: number }[];
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): ParseResult;
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}

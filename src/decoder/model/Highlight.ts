/**
 * Bytes an analysis wants seen: the hex view tints them and the timeline marks the records
 * they fall in, whatever the analysis was (problems, a diff, pages of one PFN...). The style
 * names what the bytes are, not how they look; the views map each style to a colour.
 */
export type HighlightStyle = 'error' | 'warning' | 'info' | 'match' | 'added' | 'removed' | 'changed';

export interface Highlight {
  offset: number;
  length: number;
  style: HighlightStyle;
}

/** How far a scan has come: what the CLI and the worker report while it runs. */
export interface ScanProgress {
  /** How far into the file the scan is. */
  offset: number;
  size: number;
  records: number;
  diagnostics: number;
}

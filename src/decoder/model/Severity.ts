/** How bad a diagnostic is: the check catalogue gives each check one. */
export type Severity = 'error' | 'warning' | 'info';

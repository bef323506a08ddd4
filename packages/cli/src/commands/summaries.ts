/** One-line summaries of commands whose modules `cqkit --help` does not load. */
export const sandboxSummary = 'Run the simulated CQHTTP server alone (for any client), with a terminal chat and a web chat';

/**
 * The verdict a case's documents need: the worst over their profiles (a capture for an ID card does not fail
 * on the face-comparison photo's background). Every profile's own verdict stays in the report.
 */
import type { PhotoVerdict } from './cases';

const severity: Record<PhotoVerdict, number> = { pass: 0, review: 1, retake: 2 };

interface ReportProfiles {
  profiles?: Record<string, { verdict?: PhotoVerdict; status?: string }>;
}

/** Undefined when the report names none of the documents (the report's overall verdict then stands). */
export function verdictOverDocuments(
  report: ReportProfiles | null,
  documents: readonly string[],
): PhotoVerdict | undefined {
  const verdicts = documents
    .map((id) => report?.profiles?.[id])
    .map((p) => (p && p.status !== 'rendered' ? 'retake' : p?.verdict))
    .filter((v): v is PhotoVerdict => v !== undefined);
  if (verdicts.length === 0) return undefined;
  return verdicts.reduce((worst, v) => (severity[v] > severity[worst] ? v : worst), 'pass');
}

import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { documentProfiles, type DocumentProfile } from '../../../domain/cases';
import { checkResidentIdNumber } from '../../../domain/id-number';
import type { ReuseOffer } from '../../../domain/schemas';
import type { ReuseQuery, TongpaiDataProvider } from '../providers/dataProvider';

/** How long typing must pause before an offer is asked for (each offer is audited on the issued case). */
export const REUSE_LOOKUP_DELAY_MS = 400;

export type ReuseLookup =
  | { status: 'offered'; key: string; query: ReuseQuery; offer: ReuseOffer }
  | { status: 'none'; key: string }
  | { status: 'failed'; key: string; reason: string };

/**
 * The capture form's person, documents and station as a reuse query; none while the ID number is empty or
 * fails the checks the form applies (so a half-typed number is never looked up).
 */
function useReuseQuery(): ReuseQuery | undefined {
  const [idNumber, category, documents, stationId] = useWatch({
    name: ['idNumber', 'category', 'documents', 'stationId'],
  }) as [string | undefined, string | undefined, DocumentProfile[] | undefined, string | undefined];
  const trimmed = idNumber?.trim();
  if (!trimmed || (category === 'resident' && checkResidentIdNumber(trimmed))) return undefined;
  if (!documents?.length || !stationId) return undefined;
  return { idNumber: trimmed, documents: documentProfiles.filter((d) => documents.includes(d)), stationId };
}

/**
 * The reuse offer for what the capture form holds, asked once typing pauses. `key` names the query it
 * answers (empty: nothing to ask); an answer to an earlier query is never returned.
 */
export function useReuseOffer(): { key: string; lookup?: ReuseLookup } {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const query = useReuseQuery();
  const key = query ? JSON.stringify(query) : '';
  const [lookup, setLookup] = useState<ReuseLookup>();

  useEffect(() => {
    if (!query) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      dataProvider.getReuseOffer(query).then(
        (offer) => {
          if (!cancelled)
            setLookup(offer ? { status: 'offered', key, query, offer } : { status: 'none', key });
        },
        (error: unknown) => {
          if (!cancelled)
            setLookup({
              status: 'failed',
              key,
              reason: error instanceof Error ? error.message : String(error),
            });
        },
      );
    }, REUSE_LOOKUP_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `query` is made anew at each render; `key` is what it asks.
  }, [dataProvider, key]);

  return { key, lookup: lookup?.key === key && key ? lookup : undefined };
}

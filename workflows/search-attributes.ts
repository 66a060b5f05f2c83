/**
 * Custom search attributes of the photo lifecycle. The SQLite-backed dev server caps custom attributes per type,
 * so everything searchable is a Keyword. The stack registers exactly these at server start.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseIdAttribute = defineSearchAttributeKey('TongpaiCaseId', SearchAttributeType.KEYWORD);
export const CaseStatusAttribute = defineSearchAttributeKey('TongpaiStatus', SearchAttributeType.KEYWORD);
export const CategoryAttribute = defineSearchAttributeKey('TongpaiCategory', SearchAttributeType.KEYWORD);
export const RegionAttribute = defineSearchAttributeKey('TongpaiRegion', SearchAttributeType.KEYWORD);
export const StationAttribute = defineSearchAttributeKey('TongpaiStation', SearchAttributeType.KEYWORD);
/**
 * On `upstream-<caseId>-<target>`: pending, retrying, delivered, rejected or closed; on `recall-<caseId>-<target>`: recalling,
 * recalled, not_delivered or recall_refused (with the case id, to find a case's).
 */
export const UpstreamStateAttribute = defineSearchAttributeKey(
  'TongpaiUpstream',
  SearchAttributeType.KEYWORD,
);

export const searchAttributes = [
  CaseIdAttribute,
  CaseStatusAttribute,
  CategoryAttribute,
  RegionAttribute,
  StationAttribute,
  UpstreamStateAttribute,
] as const;

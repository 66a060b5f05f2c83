/**
 * The list's pagination, saying "about" when the API estimated the total (more matching cases than it counts
 * exactly: X-Total-Estimated, db/cases.ts `exactTotalLimit`).
 */
import type { TablePaginationProps } from '@mui/material/TablePagination';
import { useCallback, type ComponentType } from 'react';
import { Pagination, useListContext, useTranslate, type PaginationProps } from 'react-admin';

// react-admin's Pagination hands its other props to MUI's TablePagination (after its own label), which its
// type does not say.
const LabelledPagination = Pagination as ComponentType<
  PaginationProps & Pick<TablePaginationProps, 'labelDisplayedRows'>
>;

export const EstimatedTotalPagination = () => {
  const translate = useTranslate();
  const { meta } = useListContext();
  const estimated = (meta as { totalEstimated?: boolean } | undefined)?.totalEstimated === true;
  const labelDisplayedRows = useCallback(
    ({ from, to, count }: { from: number; to: number; count: number }) =>
      translate(estimated ? 'tongpai.list.estimated_range' : 'ra.navigation.page_range_info', {
        offsetBegin: from,
        offsetEnd: to,
        total: count,
      }),
    [translate, estimated],
  );
  return <LabelledPagination labelDisplayedRows={labelDisplayedRows} />;
};

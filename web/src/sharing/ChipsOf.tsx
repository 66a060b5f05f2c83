/** A list field of a row shown as small chips, one per item, each naming it by `label`. */
import { ArrayField, ChipField, SingleFieldList } from 'react-admin';

export const ChipsOf = ({ source, label }: { source: string; label: string }) => (
  <ArrayField source={source}>
    <SingleFieldList linkType={false}>
      <ChipField source={label} size="small" />
    </SingleFieldList>
  </ArrayField>
);

import type { InventoryKind } from '../../../main/contract/inventory.js';
import { Tabs } from '../../components/Tabs.js';
import { KINDS } from './inventory-state.js';
import { KIND_INFO } from './kinds.js';

interface Props {
  selected: InventoryKind;
  onSelect(kind: InventoryKind): void;
  /** Rows per kind (absent while loading). */
  counts: Record<InventoryKind, number> | undefined;
  /** Id prefix shared with the tab panel (`${idBase}-tab-<kind>`, `${idBase}-panel`). */
  idBase: string;
}

/** Namespaces | Workloads | Services | Pods, as ARIA tabs (the arrow keys, Home and End move and select). */
export function InventoryTabs({ selected, onSelect, counts, idBase }: Props) {
  return (
    <Tabs<InventoryKind>
      tabs={KINDS.map((kind) => ({ id: kind, title: KIND_INFO[kind].title, count: counts?.[kind] }))}
      selected={selected}
      onSelect={onSelect}
      label="Inventory"
      idBase={idBase}
      testIdPrefix="inventory-tab"
      className="inv-tabs"
    />
  );
}

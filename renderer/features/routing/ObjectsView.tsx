import { useId, useMemo, useState } from 'react';
import type { ConfigKindInfo, ConfigRef, ConfigRow } from '../../../main/contract/config.js';
import { Hint } from '../../components/Hint.js';
import { Toggle } from '../../components/Toggle.js';
import { EmptyState, None } from '../../components/ui.js';
import { countByKind, filterObjects, refOfRow, sortObjects } from './objects-model.js';
import { kindKey, kindLabel, plural, qualifiedName } from './words.js';

/** Rows drawn at once: a cluster's routing objects are usually few; past this the filter narrows them. */
const SHOWN_AT_MOST = 500;

interface Props {
  rows: readonly ConfigRow[];
  kinds: readonly ConfigKindInfo[];
  onOpen(ref: ConfigRef): void;
}

/** Every routing object of the cluster: searchable (name, namespace, kind, host), by kind, with its check status. */
export function ObjectsView({ rows, kinds, onOpen }: Props) {
  const filterId = useId();
  const kindId = useId();
  const countId = useId();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<string>('all');
  const [onlyProblems, setOnlyProblems] = useState(false);
  const sorted = useMemo(() => sortObjects(rows), [rows]);
  const shown = useMemo(() => filterObjects(sorted, query, kind, onlyProblems), [sorted, query, kind, onlyProblems]);
  const counts = useMemo(() => countByKind(rows), [rows]);
  const withProblems = useMemo(() => rows.filter((r) => r.errors + r.warnings > 0).length, [rows]);
  const drawn = shown.slice(0, SHOWN_AT_MOST);

  return (
    <>
      <div className="rt-toolbar">
        <div className="filter">
          <label htmlFor={filterId}>Search</label>
          <input
            id={filterId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name, namespace, kind, host…"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={countId}
            data-testid="routing-filter"
          />
        </div>
        <div className="filter">
          <label htmlFor={kindId}>Kind</label>
          <select id={kindId} className="select" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="routing-kind">
            <option value="all">All kinds ({rows.length})</option>
            {kinds.map((k) => (
              <option key={kindKey(k)} value={kindKey(k)}>
                {kindLabel(k, kinds)} ({counts.get(kindKey(k)) ?? 0})
              </option>
            ))}
          </select>
        </div>
        <Toggle pressed={onlyProblems} onToggle={() => setOnlyProblems((on) => !on)} label="With problems" count={withProblems} testId="routing-only-problems" />
        <p id={countId} className="rt-count" role="status" data-testid="routing-count" data-shown={shown.length} data-total={rows.length}>
          {shown.length} of {plural(rows.length, 'object')}
        </p>
      </div>
      {drawn.length > 0 ? (
        <div className="rt-scroll" role="region" aria-labelledby={`${countId}-caption`} tabIndex={0}>
          <table className="table rt-table" data-testid="routing-table">
            <caption id={`${countId}-caption`} className="sr-only">
              Routing objects: {shown.length} of {rows.length}, by kind, namespace and name
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Namespace</th>
                <th scope="col">Name</th>
                <th scope="col">Hosts</th>
                <th scope="col">Checks</th>
              </tr>
            </thead>
            <tbody>
              {drawn.map((row) => (
                <ObjectRow key={row.id} row={row} kinds={kinds} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState testId="routing-empty" title={rows.length === 0 ? 'No routing objects in this cluster yet' : 'No routing object matches'}>
          <p>{rows.length === 0 ? 'Start one with “New from template”.' : 'Change the search or the kind to see more.'}</p>
        </EmptyState>
      )}
      {shown.length > drawn.length ? (
        <p className="muted list-foot">
          The first {SHOWN_AT_MOST} are shown; search or pick a kind to find the others.
        </p>
      ) : null}
    </>
  );
}

/** A finding in one line, for a tooltip: "MD102: Subset v9 … Use one of the defined subsets." */
const findingLine = (f: ConfigRow['findings'][number] | undefined) => (f ? `${f.code}: ${f.message}${f.fix ? ` ${f.fix}` : ''}` : undefined);

function ObjectRow({ row, kinds, onOpen }: { row: ConfigRow; kinds: readonly ConfigKindInfo[]; onOpen(ref: ConfigRef): void }) {
  // The row carries its first findings: the first of each severity explains its badge.
  const firstError = findingLine(row.findings.find((f) => f.severity === 'error')) ?? plural(row.errors, 'error');
  const firstWarning = findingLine(row.findings.find((f) => f.severity === 'warning')) ?? plural(row.warnings, 'warning');
  return (
    <tr data-testid="routing-row" data-id={row.id} data-kind={row.kind} data-name={row.name}>
      <td className="rt-kind">{kindLabel(row, kinds)}</td>
      <td className="mono">{row.namespace ?? <None />}</td>
      <td>
        <button type="button" className="link-button mono rt-open" onClick={() => onOpen(refOfRow(row))} data-testid="routing-open" aria-label={`Open ${row.kind} ${qualifiedName(row)} in the editor`}>
          {row.name}
        </button>
      </td>
      <td className="mono rt-hosts">{row.hosts.length ? row.hosts.join(', ') : <None />}</td>
      <td>
        <span className="rt-checks">
          {row.errors > 0 ? (
            <Hint tone="error" text={firstError} label={plural(row.errors, 'error')} testId="routing-errors">
              {row.errors}
            </Hint>
          ) : null}
          {row.warnings > 0 ? (
            <Hint tone="warn" text={firstWarning} label={plural(row.warnings, 'warning')} testId="routing-warnings">
              {row.warnings}
            </Hint>
          ) : null}
          {row.errors + row.warnings === 0 ? (
            <span className="rt-ok">
              <span aria-hidden="true">✓</span> OK
            </span>
          ) : null}
        </span>
      </td>
    </tr>
  );
}

import type { UpgradeProposal, UpgradeView } from '../../../main/contract/upgrade.js';

type Change = Pick<UpgradeView | UpgradeProposal, 'change' | 'fromVersion' | 'toVersion'>;

/**
 * Which Istio the upgrade goes from and to. The new revision always runs the Istio this Meshdeck bundles; when
 * the old one runs the same build, the upgrade is a move to a new revision, and the panel says so plainly.
 */
export function VersionChange({ change }: { change: Change }) {
  if (change.change === 'revision-move') {
    return (
      <p className="upgrade-version" data-testid="upgrade-version" data-change="revision-move">
        <strong>Istio {change.toVersion}, on a new revision.</strong> Both revisions run the same Istio build, so this moves workloads to a new revision
        without changing Istio. This Meshdeck bundles Istio {change.toVersion}; a newer Meshdeck brings a newer Istio.
      </p>
    );
  }
  return (
    <p className="upgrade-version" data-testid="upgrade-version" data-change="version">
      <strong>
        Istio <span className="mono">{change.fromVersion ?? 'of unknown version'}</span> → <span className="mono">{change.toVersion}</span>
      </strong>
      , the Istio this Meshdeck bundles.
    </p>
  );
}

/** For an old revision the proposal was not made for: the versions as they are, without a verdict on them. */
export function VersionFacts({ from, fromVersion, toVersion }: { from: string; fromVersion: string | undefined; toVersion: string }) {
  return (
    <p className="upgrade-version" data-testid="upgrade-version">
      Revision <span className="mono">{from}</span> runs Istio <span className="mono">{fromVersion ?? 'of unknown version'}</span>; the new revision runs
      Istio <span className="mono">{toVersion}</span>, the Istio this Meshdeck bundles.
    </p>
  );
}

/** Performance marks the benchmark reads (build/bench): when the snapshot arrived, and when its first rows were on screen. */

export function markSnapshot(): void {
  performance.mark('inventory:snapshot');
}

let firstRowsMarked = false;

/** Once per page load: later snapshots (after a reconnect) are not a first paint. */
export function markFirstRows(): void {
  if (firstRowsMarked) return;
  firstRowsMarked = true;
  performance.mark('inventory:first-rows');
}

import { useCallback, useId, type ReactNode } from 'react';
import { trapTab, useModalDialog } from './modal.js';
import './dialog.css';

/**
 * The state of a modal <Dialog>, made by the component that renders it: `titleId` goes on its title (the dialog
 * is labelled by it) and `close()` closes it as Escape does. Without `open`, the dialog is open for as long as it
 * is mounted (the page mounts it only while open).
 */
export function useDialog(open = true) {
  const { dialogRef, returnFocusRef } = useModalDialog(open);
  const titleId = useId();
  const close = useCallback(() => dialogRef.current?.close(), [dialogRef]);
  return { open, dialogRef, returnFocusRef, titleId, close };
}

export type DialogState = ReturnType<typeof useDialog>;

interface Props {
  dialog: DialogState;
  /** The wider frame (class `dialog-wide`) whose long content scrolls under sticky actions. */
  wide?: boolean;
  /** A class of its own (a feature's size or layout). */
  className?: string;
  testId: string;
  /** Its accessible name while closed; while open, its title names it. */
  closedLabel?: string;
  /** The id of what describes it while open. */
  describedBy?: string;
  /** After it closed (Escape, or `dialog.close()`), once the focus is back where it was. */
  onClose(): void;
  /** What it shows, rendered only while open. */
  children: ReactNode;
}

/**
 * The frame of a modal <dialog> (see useModalDialog): labelled by its title, Tab kept inside, and on closing the
 * focus goes back to what had it before (if it is still in the document).
 */
export function Dialog({ dialog, wide = false, className, testId, closedLabel, describedBy, onClose, children }: Props) {
  const { open, dialogRef, returnFocusRef, titleId } = dialog;
  return (
    <dialog
      ref={dialogRef}
      className={`${wide ? 'modal dialog dialog-wide' : 'modal dialog'}${className ? ` ${className}` : ''}`}
      aria-label={open ? undefined : closedLabel}
      aria-labelledby={open ? titleId : undefined}
      aria-describedby={open ? describedBy : undefined}
      data-testid={testId}
      onKeyDown={trapTab}
      onClose={() => {
        const target = returnFocusRef.current;
        returnFocusRef.current = null;
        if (target?.isConnected) target.focus();
        onClose();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}

/** A dialog's buttons, on the right: an optional note (why the main button waits), Cancel, then its own buttons. */
export function DialogActions({ note, noteId, onCancel, children }: { note?: string | undefined; noteId?: string; onCancel?(): void; children: ReactNode }) {
  return (
    <div className="dialog-actions">
      {note ? (
        <p id={noteId} className="muted dialog-actions-hint">
          {note}
        </p>
      ) : null}
      {onCancel ? (
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
      {children}
    </div>
  );
}

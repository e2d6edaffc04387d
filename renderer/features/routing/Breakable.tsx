import { Fragment } from 'react';

/** A host or object name that may wrap after its dots and slashes (not in the middle of a word) in a narrow cell. */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[./])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

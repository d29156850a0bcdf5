import { Fragment, type ReactNode } from 'react';

export interface Fact {
  label: string;
  value: ReactNode;
}

/** Labelled facts as a definition list: a bundle's manifest hash and signer, a signing key's details. */
export function Facts({
  facts,
  className,
  testId,
}: {
  facts: readonly Fact[];
  className: string;
  testId?: string;
}) {
  return (
    <dl className={className} data-testid={testId}>
      {facts.map(({ label, value }) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

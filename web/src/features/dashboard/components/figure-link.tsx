import { Anchor, VisuallyHidden, type AnchorProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { queueHrefOf } from '../../../lib/queue-link';
import { formatCount } from '../format';
import type { FigureView } from '../types';

interface FigureLinkProps extends AnchorProps {
  figure: FigureView;
  /** What shows; the count by default. */
  children?: ReactNode;
  /** Words a screen reader hears after the visible text, where the number alone says too little. */
  context?: string;
}

/** A figure as a link to the queue, filtered to exactly the requests it counts. */
export function FigureLink({ figure, children, context, ...rest }: FigureLinkProps) {
  return (
    // The text around it sets its size: a table cell's, a card's headline.
    <Anchor component={Link} to={queueHrefOf(figure.drill)} inherit {...rest}>
      {children ?? formatCount(figure.count)}
      {context ? (
        // The space stays outside: a name is computed from the words of each part, trimmed.
        <>
          {' '}
          <VisuallyHidden>{context}</VisuallyHidden>
        </>
      ) : null}
    </Anchor>
  );
}

import { Textarea, type TextareaProps } from '@mantine/core';
import classes from './growing-textarea.module.css';

interface GrowingTextareaProps extends Omit<
  TextareaProps,
  'autosize' | 'minRows' | 'maxRows' | 'rows' | 'classNames' | 'style'
> {
  minRows: number;
  maxRows: number;
}

/**
 * A textarea that grows with its text, sized by CSS (`field-sizing: content`) rather than Mantine's
 * autosize, which measures the page on mount (getComputedStyle: 33 ms of forced style work in a cold load
 * of the request page). Browsers without `field-sizing` keep it at its minimum rows, scrolling.
 */
export function GrowingTextarea({ minRows, maxRows, ...props }: GrowingTextareaProps) {
  return (
    <Textarea
      {...props}
      rows={minRows}
      classNames={{ input: classes.input }}
      style={{ '--growing-min-rows': minRows, '--growing-max-rows': maxRows }}
    />
  );
}

import { TextInput } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { formatDateTime } from '../format';
import type { ReceivedAtPickerProps } from './received-at-picker';

// The date picker is the heaviest control on the form; it arrives in its own chunk.
const ReceivedAtPicker = lazy(() => import('./received-at-picker'));

export function ReceivedAtField(props: ReceivedAtPickerProps) {
  return (
    <Suspense
      fallback={
        <TextInput
          label={props.label}
          description={props.description}
          value={props.value ? formatDateTime(props.value) : ''}
          error={props.error}
          readOnly
        />
      }
    >
      <ReceivedAtPicker {...props} />
    </Suspense>
  );
}

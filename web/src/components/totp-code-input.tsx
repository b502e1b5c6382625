import { TextInput, type TextInputProps } from '@mantine/core';

/** The 6-digit code from an authenticator app: numeric keypad, the OS's one-time-code autofill. */
export function TotpCodeInput(
  props: Omit<TextInputProps, 'label' | 'inputMode' | 'autoComplete' | 'maxLength'>,
) {
  return (
    <TextInput
      label="Authentication code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      {...props}
    />
  );
}

import { Alert, Button, CopyButton, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

interface RecoveryCodesStepProps {
  codes: string[];
  onContinue: () => void;
}

export function RecoveryCodesStep({ codes, onContinue }: RecoveryCodesStepProps) {
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Save your recovery codes
      </Title>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Shown only now">
        If you lose your authenticator app, each of these codes lets you sign in once. Keep them somewhere
        safe, such as a password manager. You will not see them again.
      </Alert>
      <List
        aria-label="Recovery codes"
        size="sm"
        listStyleType="none"
        withPadding={false}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '6px 16px' }}
      >
        {codes.map((code) => (
          <List.Item key={code}>
            <Text ff="monospace" component="span" size="md">
              {code}
            </Text>
          </List.Item>
        ))}
      </List>
      <Group grow>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy all codes'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onContinue}>Continue</Button>
      </Group>
    </Stack>
  );
}

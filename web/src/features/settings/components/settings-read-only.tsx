import { SimpleGrid, Stack, Table, Text } from '@mantine/core';
import {
  regimes,
  verificationLevelLabels,
  type RequestType,
  type VerificationLevel,
} from '@privdesk/shared/constants';
import { requestTypeLabel } from '../../../lib/labels';
import type { ReactNode } from 'react';
import { numberFieldCopy, type NumberField, type SettingsView } from '../settings-form';
import { calendarLabel, holidayEffect, regimeLabel } from '../settings-labels';
import { SettingsSection } from './settings-section';

function Fact({ label, value, note }: { label: string; value: ReactNode; note?: string | null }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} component="dt">
        {label}
      </Text>
      <Text size="sm" component="dd" m={0}>
        {value}
        {note ? (
          <Text span size="xs" c="dimmed">
            {' '}
            ({note})
          </Text>
        ) : null}
      </Text>
    </Stack>
  );
}

/** The settings for people who may read them but not change them: the same sections, as text. */
export function SettingsReadOnly({ view }: { view: SettingsView }) {
  const { settings, defaults } = view;
  const numberFact = (field: NumberField) => {
    const { label, unit } = numberFieldCopy[field];
    return (
      <Fact
        label={label}
        value={`${settings[field]} ${unit}`}
        note={settings[field] !== defaults[field] ? `default ${defaults[field]} ${unit}` : null}
      />
    );
  };
  return (
    <Stack gap="lg">
      <SettingsSection
        title="Handling entities"
        description="Each regime’s time zone decides on which calendar day a request arrived; its holiday calendar decides which days are working days."
      >
        <Table verticalSpacing="sm" aria-label="Handling entity of each regime" visibleFrom="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Regime</Table.Th>
              <Table.Th scope="col">Holiday calendar</Table.Th>
              <Table.Th scope="col">Time zone</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {regimes.map((regime) => {
              const { calendar, timeZone } = settings.handling[regime];
              const byDefault = defaults.handling[regime];
              return (
                <Table.Tr key={regime}>
                  <Table.Th scope="row" fw={600}>
                    <Stack gap={2}>
                      <span>{regimeLabel(regime)}</span>
                      <Text size="xs" c="dimmed" fw={400}>
                        {holidayEffect[regime]}
                      </Text>
                    </Stack>
                  </Table.Th>
                  <Table.Td>
                    {calendarLabel(calendar)}
                    {calendar !== byDefault.calendar ? (
                      <Text size="xs" c="dimmed">
                        Default: {calendarLabel(byDefault.calendar)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {timeZone}
                    {timeZone !== byDefault.timeZone ? (
                      <Text size="xs" c="dimmed">
                        Default: {byDefault.timeZone}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {/* A phone has no room for three columns: the same facts, one regime under another. */}
        <Stack gap="md" hiddenFrom="sm">
          {regimes.map((regime) => {
            const { calendar, timeZone } = settings.handling[regime];
            const byDefault = defaults.handling[regime];
            return (
              <Stack key={regime} gap={6}>
                <Text fw={700}>{regimeLabel(regime)}</Text>
                <SimpleGrid cols={2} spacing="sm" component="dl" m={0}>
                  <Fact
                    label="Holiday calendar"
                    value={calendarLabel(calendar)}
                    note={calendar !== byDefault.calendar ? `default ${byDefault.calendar}` : null}
                  />
                  <Fact
                    label="Time zone"
                    value={timeZone}
                    note={timeZone !== byDefault.timeZone ? `default ${byDefault.timeZone}` : null}
                  />
                </SimpleGrid>
              </Stack>
            );
          })}
        </Stack>
      </SettingsSection>
      <SettingsSection
        title="Identity verification"
        description="The level each regime’s requests need before work starts. A CCPA request for specific pieces, and a deletion of sensitive data, always need high."
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {regimes.map((regime) => (
            <Stack key={regime} gap={4}>
              <Text fw={600} size="sm">
                {regimeLabel(regime)}
              </Text>
              <Text size="sm">
                {(
                  Object.entries(settings.verificationLevels[regime] ?? {}) as [
                    RequestType,
                    VerificationLevel,
                  ][]
                )
                  .map(
                    ([type, level]) =>
                      `${requestTypeLabel(type)}: ${verificationLevelLabels[level].toLowerCase()}${
                        defaults.verificationLevels[regime]?.[type] !== level ? ' (changed)' : ''
                      }`,
                  )
                  .join(' · ')}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </SettingsSection>
      <SettingsSection title="Clocks and internal targets">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" component="dl" m={0}>
          {numberFact('companySlaDays')}
          <Fact
            label="EU GDPR clocks pause while waiting on the requester"
            value={settings.euPauseEnabled ? 'On' : 'Off'}
            note={
              settings.euPauseEnabled !== defaults.euPauseEnabled
                ? `default ${defaults.euPauseEnabled ? 'on' : 'off'}`
                : null
            }
          />
          {numberFact('minorTargetHours')}
          {numberFact('unverifiedCloseDays')}
          {numberFact('erasureGraceHours')}
        </SimpleGrid>
      </SettingsSection>
      <SettingsSection title="Subprocessor registry">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" component="dl" m={0}>
          {numberFact('registryObjectionDays')}
        </SimpleGrid>
      </SettingsSection>
      <SettingsSection title="Keeping our records">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" component="dl" m={0}>
          {numberFact('requestRetentionMonths')}
        </SimpleGrid>
      </SettingsSection>
    </Stack>
  );
}

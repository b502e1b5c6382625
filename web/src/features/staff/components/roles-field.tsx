import { Checkbox, SimpleGrid, type CheckboxGroupProps } from '@mantine/core';
import { roleLabels, roles } from '@privdesk/shared/constants';

/** The role checkboxes; takes a form's input props (`form.getInputProps('roles')`). */
export function RolesField(props: Omit<CheckboxGroupProps, 'children' | 'label'>) {
  return (
    <Checkbox.Group label="Roles" description="A person may hold several." {...props}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt="xs">
        {roles.map((role) => (
          <Checkbox key={role} value={role} label={roleLabels[role]} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

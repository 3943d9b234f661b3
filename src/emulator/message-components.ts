/**
 * Every component of a message, however deep: action rows' children, and in Components v2 a container's
 * children and a section's accessory (a button can sit in either).
 */
export function allComponents(tree: readonly unknown[]): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const component = node as Record<string, unknown>;
    found.push(component);
    if (Array.isArray(component.components)) component.components.forEach(visit);
    if (component.accessory !== undefined) visit(component.accessory);
  };
  tree.forEach(visit);
  return found;
}

/** The interactive component with this custom_id (a button or a select), if the message has one. */
export function componentWithCustomId(tree: readonly unknown[], customId: string): Record<string, unknown> | undefined {
  return allComponents(tree).find((component) => component.custom_id === customId);
}

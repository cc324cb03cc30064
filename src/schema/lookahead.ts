import {
  type FieldNode,
  GraphQLID,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';

/** Whether the current field's selection asks for `name` directly (through fragments too). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet);
      const fragmentName = selection.name.value;
      if (seen.has(fragmentName)) return false;
      seen.add(fragmentName);
      return visit(info.fragments[fragmentName]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** The fields named `name` in the current field's selection (through fragments too). */
export function selectedFields(info: GraphQLResolveInfo, name: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') {
        if (selection.name.value === name) found.push(selection);
      } else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return found;
}

/** The value of a field's `ID` argument as it will be resolved (a literal or a variable). */
export function idArgument(info: GraphQLResolveInfo, field: FieldNode, name: string): unknown {
  const argument = field.arguments?.find((arg) => arg.name.value === name);
  return argument ? valueFromAST(argument.value, GraphQLID, info.variableValues) : undefined;
}

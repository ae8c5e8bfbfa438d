/**
 * Shopify's calculated query cost, worked out the way its rate-limit page describes: a scalar
 * or enum costs 0, an object 1, and a connection 2 (itself and its pageInfo) plus its `first`
 * or `last` times the cost of one item, so nested connections multiply. This is the worst case
 * Shopify charges up front (requestedQueryCost) and the figure its 1,000-point cap applies to.
 */
import {
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

type Variables = Record<string, unknown>;

type Context = {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
  defaults: Variables;
};

function intArgument(context: Context, field: FieldNode, name: string): number | null {
  const value: ValueNode | undefined = field.arguments?.find((argument) => argument.name.value === name)?.value;
  if (!value) return null;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const variable = value.name.value;
    const given = variable in context.variables ? context.variables[variable] : context.defaults[variable];
    return typeof given === 'number' ? given : null;
  }
  return null;
}

function fieldsOf(
  context: Context,
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType,
): [FieldNode, GraphQLObjectType][] {
  const fields: [FieldNode, GraphQLObjectType][] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push([selection, type]);
    else {
      const fragment =
        selection.kind === Kind.FRAGMENT_SPREAD ? context.fragments.get(selection.name.value) : selection;
      if (!fragment)
        throw new Error(`Unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      const condition = fragment.typeCondition ? context.schema.getType(fragment.typeCondition.name.value) : type;
      if (!isObjectType(condition)) throw new Error('Fragments on abstract types are not costed.');
      fields.push(...fieldsOf(context, fragment.selectionSet, condition));
    }
  }
  return fields;
}

function selectionCost(context: Context, selectionSet: SelectionSetNode | undefined, type: GraphQLObjectType): number {
  if (!selectionSet) return 0;
  return fieldsOf(context, selectionSet, type).reduce(
    (total, [field, parent]) => total + fieldCost(context, field, parent),
    0,
  );
}

function fieldCost(context: Context, field: FieldNode, parent: GraphQLObjectType): number {
  if (field.name.value === '__typename') return 0;
  const definition = parent.getFields()[field.name.value];
  if (!definition) throw new Error(`${parent.name} has no field ${field.name.value}.`);
  const type = getNamedType(definition.type);
  if (isLeafType(type)) return 0;
  if (!isObjectType(type)) throw new Error(`${type.name} is abstract; this calculator costs object types only.`);
  if (!type.name.endsWith('Connection')) return 1 + selectionCost(context, field.selectionSet, type);
  const size = intArgument(context, field, 'first') ?? intArgument(context, field, 'last');
  if (size === null) throw new Error(`${parent.name}.${field.name.value} needs first or last to be costed.`);
  return 2 + size * connectionItemCost(context, field.selectionSet, type);
}

/** One item of a connection: an edge's node (and cursor) or a `nodes` entry; pageInfo is in the 2. */
function connectionItemCost(
  context: Context,
  selectionSet: SelectionSetNode | undefined,
  connection: GraphQLObjectType,
): number {
  if (!selectionSet) return 0;
  let cost = 0;
  for (const [field, parent] of fieldsOf(context, selectionSet, connection)) {
    const definition = parent.getFields()[field.name.value];
    const type = definition && getNamedType(definition.type);
    if (!type || !isObjectType(type) || field.name.value === 'pageInfo') continue;
    // edges { cursor node {...} } costs its node; nodes {...} is the node itself.
    cost +=
      field.name.value === 'edges'
        ? selectionCost(context, field.selectionSet, type)
        : 1 + selectionCost(context, field.selectionSet, type);
  }
  return cost;
}

/** The document's first operation, with its fragments and the defaults of its variables. */
function prepare(schema: GraphQLSchema, source: string, variables: Variables) {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  const defaults: Variables = {};
  let operation;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operation ??= definition;
  }
  if (!operation) throw new Error('The document has no operation.');
  for (const variable of operation.variableDefinitions ?? []) {
    if (variable.defaultValue?.kind === Kind.INT)
      defaults[variable.variable.name.value] = Number(variable.defaultValue.value);
  }
  const root = schema.getQueryType();
  if (!root) throw new Error('The schema has no query root.');
  return { context: { schema, fragments, variables, defaults }, selectionSet: operation.selectionSet, root };
}

/** The worst-case cost of the document's (first) operation with these variables. */
export function queryCost(schema: GraphQLSchema, source: string, variables: Variables = {}): number {
  const { context, selectionSet, root } = prepare(schema, source, variables);
  return selectionCost(context, selectionSet, root);
}

/**
 * What the answer really cost (Shopify's actualQueryCost): the same rules over what came back,
 * a connection counting the items it returned rather than its first or last, a null object nothing.
 */
export function actualCost(schema: GraphQLSchema, source: string, variables: Variables, data: unknown): number {
  const { context, selectionSet, root } = prepare(schema, source, variables);
  return answeredCost(context, selectionSet, root, data);
}

function answeredCost(
  context: Context,
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLObjectType,
  data: unknown,
): number {
  if (!selectionSet || typeof data !== 'object' || data === null) return 0;
  let cost = 0;
  for (const [field, parent] of fieldsOf(context, selectionSet, type)) {
    const definition = parent.getFields()[field.name.value];
    const fieldType = definition && getNamedType(definition.type);
    if (!fieldType || !isObjectType(fieldType)) continue;
    const value = (data as Record<string, unknown>)[field.alias?.value ?? field.name.value];
    if (value === null || value === undefined) continue;
    if (!fieldType.name.endsWith('Connection')) {
      cost += 1 + answeredCost(context, field.selectionSet, fieldType, value);
      continue;
    }
    cost += 2;
    for (const [inner, innerParent] of fieldsOf(
      context,
      field.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] },
      fieldType,
    )) {
      const innerDefinition = innerParent.getFields()[inner.name.value];
      const innerType = innerDefinition && getNamedType(innerDefinition.type);
      const items = (value as Record<string, unknown>)[inner.alias?.value ?? inner.name.value];
      if (!innerType || !isObjectType(innerType) || inner.name.value === 'pageInfo' || !Array.isArray(items)) continue;
      for (const item of items) {
        cost +=
          inner.name.value === 'edges'
            ? answeredCost(context, inner.selectionSet, innerType, item)
            : 1 + answeredCost(context, inner.selectionSet, innerType, item);
      }
    }
  }
  return cost;
}

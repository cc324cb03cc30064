import type {
  DocumentNode,
  GraphQLInputType,
  GraphQLSchema,
  OperationDefinitionNode,
  VariableDefinitionNode,
} from 'graphql';
import {
  coerceInputValue,
  GraphQLError,
  getNamedType,
  getOperationAST,
  isInputObjectType,
  isInputType,
  isNonNullType,
  isScalarType,
  typeFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SECRET_SCALAR } from '../schema/secret';

export const SECRET_OVER_GET_MESSAGE =
  'This operation has a Secret variable: send it with POST (or over WebSocket), never GET, which puts variables into the URL';

/** Whether a variable's type is, or holds somewhere inside (input fields, lists), the Secret scalar. */
export function containsSecret(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name === SECRET_SCALAR;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => containsSecret(field.type, seen));
}

function secretVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
): { definition: VariableDefinitionNode; type: GraphQLInputType }[] {
  return (operation.variableDefinitions ?? []).flatMap((definition) => {
    const type = typeFromAST(schema, definition.type);
    return type && isInputType(type) && containsSecret(type) ? [{ definition, type }] : [];
  });
}

const badInput = (message: string, definition: VariableDefinitionNode) =>
  new GraphQLError(message, { nodes: definition, extensions: { code: 'BAD_USER_INPUT' } });

const printPath = (path: readonly (string | number)[]) =>
  path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('');

/**
 * Coerces the Secret-holding variables the way graphql-js does, but words the errors without the
 * rejected value: graphql-js puts the whole value (password included) into "got invalid value …".
 */
function coercionErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  values: Readonly<Record<string, unknown>> | null | undefined,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const { definition, type } of secretVariables(schema, operation)) {
    const name = definition.variable.name.value;
    const given = values && Object.hasOwn(values, name);
    if (!given || values?.[name] === undefined) {
      // A default or an absent nullable variable is graphql-js's business; neither carries a value.
      continue;
    }
    const value = values?.[name];
    if (value === null) {
      if (isNonNullType(type)) {
        errors.push(
          badInput(
            `Variable "$${name}" of non-null type "${String(type)}" must not be null.`,
            definition,
          ),
        );
      }
      continue;
    }
    coerceInputValue(value, type, (path, _invalid, error) => {
      const at = path.length > 0 ? ` at "${name}${printPath(path)}"` : '';
      errors.push(
        badInput(
          `Variable "$${name}" got invalid value [secret]${at}; ${error.message}`,
          definition,
        ),
      );
    });
  }
  return errors;
}

interface GuardedArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Readonly<Record<string, unknown>> | null | undefined;
  contextValue?: unknown;
}

function check(args: GuardedArgs): GraphQLError[] {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return [];
  const secrets = secretVariables(args.schema, operation);
  if (secrets.length === 0) return [];
  const request = (args.contextValue as { request?: { method?: string } } | undefined)?.request;
  const first = secrets[0];
  if (request?.method?.toUpperCase() === 'GET' && first) {
    return [badInput(SECRET_OVER_GET_MESSAGE, first.definition)];
  }
  return coercionErrors(args.schema, operation, args.variableValues);
}

/**
 * The Secret rules that need the request (design §2.4 rules 3 and 4): an operation with a
 * Secret-holding variable is refused over GET, and its variable-coercion errors never repeat the
 * rejected value. Both answer BAD_USER_INPUT before execution, so nothing reaches the upstream.
 */
export function secretGuard(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

import type { SchemaTypes } from '@pothos/core';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { SecretValue } from '../cloudsync/secret-value';

/** The name of the scalar, for the guard that looks for it in variable types. */
export const SECRET_SCALAR = 'Secret';

export const INLINE_SECRET_MESSAGE =
  'Secrets must be sent as variables, never written into the document: declare a variable of type Secret and pass the value in "variables"';

/** What a schema's types must say of the scalar to carry it: SecretValue in, nothing out. */
export interface SecretScalarTypes {
  Scalars: { Secret: { Input: SecretValue; Output: never } };
}

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * The input-only `Secret` scalar (design §2.4): a variable's string becomes a SecretValue that prints
 * as `[secret]` everywhere; an inline literal is a validation error (before any execution, and the
 * literal is not repeated in the message); no output field can ever return one.
 */
export const secretScalar = new GraphQLScalarType<SecretValue, never>({
  name: SECRET_SCALAR,
  description:
    'A credential. Input only: pass it in a variable (an inline value is refused), over POST or WebSocket (never GET). It is never returned, logged or put in a URL.',
  parseValue(value) {
    if (typeof value !== 'string' || value.length === 0) {
      throw badInput('A Secret must be a non-empty string');
    }
    return new SecretValue(value);
  },
  parseLiteral() {
    throw badInput(INLINE_SECRET_MESSAGE);
  },
  serialize() {
    throw new Error('A Secret is input only and is never returned');
  },
});

/** Adds `Secret` to a Pothos builder whose SchemaTypes declare it (SecretScalarTypes). */
export function addSecretScalar<Types extends SchemaTypes & SecretScalarTypes>(
  builder: PothosSchemaTypes.SchemaBuilder<Types>,
) {
  return builder.addScalarType(SECRET_SCALAR, secretScalar);
}

import {
  type ASTVisitor,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Fields that start upstream work (a list call and a wait on the feed): they cost much more. */
const LISTING_FIELDS = new Set([
  'DataBroker.s3Buckets',
  'DataBroker.nfsExports',
  'DataBroker.nfsExportFolders',
  'NfsExport.folders',
  'Subscription.s3BucketListing',
  'Subscription.nfsExportListing',
  'Subscription.nfsExportFolderListing',
]);

export const FIELD_COST = 1;
export const LISTING_COST = 100;
/** What sits under a list field is counted this many times (an estimate of the list's length). */
export const LIST_FACTOR = 10;

/**
 * Rejects an operation whose estimated cost is over `maxCost`: every field costs 1, a listing
 * field 100, and a list multiplies what is below it by 10. So one broker's buckets are cheap,
 * while `accounts { dataBrokers { s3Buckets } }` (a listing per broker of every account) is not.
 */
export function costLimitRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();

    function cost(type: GraphQLNamedType, set: SelectionSetNode, fragments: Set<string>): number {
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (!isObjectType(type) && !isInterfaceType(type)) continue;
          const field: GraphQLField<unknown, unknown> | undefined =
            type.getFields()[selection.name.value];
          if (!field) continue;
          const own = LISTING_FIELDS.has(`${type.name}.${field.name}`) ? LISTING_COST : FIELD_COST;
          const factor = isListType(getNullableType(field.type)) ? LIST_FACTOR : 1;
          const below = selection.selectionSet
            ? cost(getNamedType(field.type), selection.selectionSet, fragments)
            : 0;
          total += own + factor * below;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition
            ? schema.getType(selection.typeCondition.name.value)
            : type;
          if (condition) total += cost(condition, selection.selectionSet, fragments);
        } else {
          const name = selection.name.value;
          const fragment = context.getFragment(name);
          if (!fragment || fragments.has(name)) continue;
          const condition = schema.getType(fragment.typeCondition.name.value);
          if (condition)
            total += cost(condition, fragment.selectionSet, new Set([...fragments, name]));
        }
      }
      return total;
    }

    return {
      OperationDefinition(node) {
        const root = schema.getRootType(node.operation);
        if (!root) return;
        const total = cost(root, node.selectionSet, new Set());
        if (total > maxCost) {
          context.reportError(
            new GraphQLError(
              `Query cost ${total} is over the limit of ${maxCost} (a field costs ${FIELD_COST}, a listing ` +
                `${LISTING_COST}, and what is under a list counts ${LIST_FACTOR} times)`,
              { nodes: [node], extensions: { code: 'BAD_USER_INPUT', cost: total, maxCost } },
            ),
          );
        }
      },
    };
  };
}

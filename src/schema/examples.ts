import { print } from 'graphql';
import { BrokersDocument } from '../../operations/generated/graphql';

/**
 * The query GraphiQL opens with and `npm start` prints: `query Brokers` of operations/. The hint's
 * lines are short enough for GraphiQL's editor at its default width (a browser test checks).
 */
export const EXAMPLE_QUERY = `# 1. Log in (no token needed): run
#   mutation Login {
#     login(username: "demo@example.com",
#       password: "demo") { accessToken }
#   }
# 2. Headers tab (below):
#   {"Authorization": "Bearer <accessToken>"}
# 3. Run this query:
${print(BrokersDocument)}
`;

import { print } from 'graphql';
import { BrokersDocument } from '../../operations/generated/graphql';

/** The query GraphiQL opens with and `npm start` prints: `query Brokers` of operations/. */
export const EXAMPLE_QUERY = `# Log in first (no token needed), then put the token in the Headers tab:
#   mutation { login(username: "demo@example.com", password: "demo") { accessToken } }
#   {"Authorization": "Bearer <accessToken>"}
${print(BrokersDocument)}
`;

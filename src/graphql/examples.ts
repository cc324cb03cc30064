/** The query GraphiQL opens with, and the README shows. */
export const EXAMPLE_QUERY = `# Log in first (no token needed), then put the token in the Headers tab:
#   mutation { login(username: "demo@example.com", password: "demo") { accessToken } }
#   {"Authorization": "Bearer <accessToken>"}
query Brokers {
  accounts {
    id
    name
    dataBrokers {
      id
      name
      type
      status
      group { name }
    }
  }
}
`;

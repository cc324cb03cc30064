/** Fixed logins of the seeded users and the token-service client ids the simulator accepts. */

export interface SimulatorCredentials {
  username: string;
  password: string;
  refreshToken: string;
}

export const DEMO_USER: SimulatorCredentials = {
  username: 'demo@example.com',
  password: 'demo',
  refreshToken: 'v1.demo-refresh-token-5f2c9a7e1b3d4c6a8e0f',
};

export const OTHER_USER: SimulatorCredentials = {
  username: 'other@example.com',
  password: 'other',
  refreshToken: 'v1.other-refresh-token-8e1d3b5a7c9f2e4d6b0a',
};

export const CLIENT_IDS = {
  docs: 'UaVhOIXMWQs5i1WdDxauXe5Mqkb34NJQ',
  personal: 'QC3AgHk6qdbmC7Yyr82ApBwaaJLwRrNO',
  refresh: 'Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC',
} as const;

export const API_AUDIENCE = 'https://api.cloud.netapp.com';

import type { Route } from '../router';
import { route } from '../router';
import { listAccounts } from './accounts';
import { issueToken } from './auth';
import { createDataBroker, deleteDataBroker, listDataBrokers } from './data-brokers';
import { listGroups } from './groups';
import { brokerListing, groupListing, SIM_LISTING_OPERATIONS } from './listings';
import { readMessages } from './messages';
import { RELATIONSHIP_CREATE_ROUTES } from './relationship-create';
import { RELATIONSHIP_ROUTES } from './relationships';

export const ROUTES: readonly Route[] = [
  route('POST', '/oauth/token', issueToken),
  route('GET', '/api/accounts', listAccounts),
  route('GET', '/api/data-brokers', listDataBrokers),
  route('POST', '/api/data-brokers', createDataBroker),
  route('DELETE', '/api/data-brokers/:id', deleteDataBroker),
  route('GET', '/api/groups', listGroups),
  route('GET', '/api/messages/client', readMessages),
  ...RELATIONSHIP_ROUTES,
  ...RELATIONSHIP_CREATE_ROUTES,
  ...SIM_LISTING_OPERATIONS.flatMap((operation) => [
    ...(operation.family === 'B'
      ? [route('GET', `/api/data-brokers/:id/${operation.name}`, brokerListing(operation))]
      : operation.family === 'BA'
        ? [
            route(
              'GET',
              `/api/accounts/:accountId/data-brokers/:id/${operation.name}`,
              brokerListing(operation),
            ),
          ]
        : []),
    route(
      'GET',
      `/api/accounts/:accountId/groups/:groupId/${operation.name}`,
      groupListing(operation),
    ),
  ]),
];

import type {
  DataBrokerType,
  Seed,
  SeedAccount,
  SeedBroker,
  SeedBucket,
  SeedGroup,
  SeedNfsServer,
  SeedUser,
} from './model';
import type { Random } from './random';
import { hashString, hexString, objectId, objectIdTime, seededRandom } from './random';

export type ApiDataBroker = Omit<SeedBroker, 'accountId'>;

export interface ApiGroup {
  id: string;
  name: string;
  createdAt: string;
  dataBrokers: ApiDataBroker[];
  relationships: string[];
}

export interface CreateBrokerInput {
  name: string;
  type: DataBrokerType;
  groupId?: string;
}

export interface CreatedBroker {
  id: string;
  groupId: string;
  type: DataBrokerType;
  fileLink: string;
  name: string;
  latestVersion: string;
  template?: Record<string, unknown>;
}

function toApiBroker({ accountId: _owner, ...rest }: SeedBroker): ApiDataBroker {
  return structuredClone(rest);
}

/** A GCP broker is installed from a deployment template; the other types only get the fileLink. */
function installTemplate(name: string, type: DataBrokerType): Record<string, unknown> | undefined {
  if (type !== 'GCP') return undefined;
  return {
    config: {
      content: `imports:\n- path: data-broker.jinja\nresources:\n- name: ${name}\n  type: data-broker.jinja\n`,
    },
    imports: [{ name: 'data-broker.jinja', content: 'resources: []\n' }],
  };
}

/** The simulator's mutable copy of the seed: accounts, groups, brokers and what they can reach. */
export class Store {
  private data: Seed;
  private random: Random;

  constructor(private readonly seed: Seed) {
    this.data = structuredClone(seed);
    this.random = seededRandom(hashString('store'));
  }

  reset(): void {
    this.data = structuredClone(this.seed);
    this.random = seededRandom(hashString('store'));
  }

  userByName(username: string): SeedUser | undefined {
    const wanted = username.toLowerCase();
    return this.data.users.find((user) => user.username.toLowerCase() === wanted);
  }

  userByRefreshToken(refreshToken: string): SeedUser | undefined {
    return this.data.users.find((user) => user.refreshToken === refreshToken);
  }

  accountsOf(user: SeedUser): SeedAccount[] {
    return this.data.accounts.filter((account) => user.accountIds.includes(account.accountId));
  }

  canSee(user: SeedUser, accountId: string): boolean {
    return (
      user.accountIds.includes(accountId) &&
      this.data.accounts.some((account) => account.accountId === accountId)
    );
  }

  brokers(accountId: string): ApiDataBroker[] {
    return this.data.brokers.filter((item) => item.accountId === accountId).map(toApiBroker);
  }

  findBroker(accountId: string, id: string): SeedBroker | undefined {
    return this.data.brokers.find((item) => item.accountId === accountId && item.id === id);
  }

  groups(accountId: string): ApiGroup[] {
    return this.data.groups
      .filter((item) => item.accountId === accountId)
      .map((item) => ({
        id: item.id,
        name: item.name,
        createdAt: item.createdAt,
        dataBrokers: this.data.brokers
          .filter((member) => member.groupId === item.id)
          .map(toApiBroker),
        relationships: [],
      }));
  }

  findGroup(accountId: string, id: string): SeedGroup | undefined {
    return this.data.groups.find((item) => item.accountId === accountId && item.id === id);
  }

  /** The broker that answers for a group: its first online member, else its first member. */
  groupAgent(groupId: string): SeedBroker | undefined {
    const members = this.data.brokers.filter((item) => item.groupId === groupId);
    return members.find((item) => item.status === 'COMPLETE') ?? members[0];
  }

  /** Undefined when input.groupId names no group of the account. */
  createBroker(accountId: string, input: CreateBrokerInput): CreatedBroker | undefined {
    const now = Math.floor(Date.now() / 1000);
    let groupId = input.groupId;
    if (groupId === undefined) {
      groupId = objectId(this.random, now);
      this.data.groups.push({
        id: groupId,
        accountId,
        name: input.name,
        createdAt: objectIdTime(groupId),
      });
    } else if (!this.findGroup(accountId, groupId)) {
      return undefined;
    }
    const created: SeedBroker = {
      id: objectId(this.random, now),
      accountId,
      groupId,
      name: input.name,
      type: input.type,
      fileLink: `https://cf.cloudsync.netapp.com/${hexString(this.random, 24)}`,
      latestVersion: this.data.latestVersion,
    };
    this.data.brokers.push(created);
    const template = installTemplate(created.name, created.type);
    return {
      id: created.id,
      groupId,
      type: created.type,
      fileLink: created.fileLink,
      name: created.name,
      latestVersion: created.latestVersion,
      ...(template ? { template } : {}),
    };
  }

  deleteBroker(accountId: string, id: string): boolean {
    const index = this.data.brokers.findIndex(
      (item) => item.accountId === accountId && item.id === id,
    );
    if (index < 0) return false;
    this.data.brokers.splice(index, 1);
    return true;
  }

  buckets(accountId: string): SeedBucket[] {
    return structuredClone(this.data.buckets[accountId] ?? []);
  }

  nfsServer(host: string): SeedNfsServer | undefined {
    const wanted = host.toLowerCase();
    return this.data.nfsServers.find((server) => server.host.toLowerCase() === wanted);
  }
}

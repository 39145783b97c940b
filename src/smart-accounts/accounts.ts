import type { Kysely } from 'kysely';
import { BaseError, ContractFunctionZeroDataError, getAddress, parseAbi, type Address } from 'viem';
import type { Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, NotFoundError, PermanentError, UpstreamError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { type Signer, type SignerRegistry, signerForRole } from '../signers/index.ts';
import { accountSalt, type OwnerRequest, sameOwner } from './account-logic.ts';
import { type SmartAccountResource, smartAccountResource } from './account-resource.ts';
import { accountById, insertOrGetAccount, listAccounts, markDeployed, type SmartAccountRow } from './account-store.ts';

/** The factory's read of a counterfactual address (SimpleAccountFactory's ABI, kept by KeelSmartAccountFactory). */
const factoryAbi = parseAbi(['function getAddress(address owner, uint256 salt) view returns (address)']);

/** The role of the signer that owns custodial accounts when `smartAccounts.custodialSigner` names none. */
export const CUSTODIAL_ROLE = 'smart_account_owner';

export interface SmartAccountsDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
}

/**
 * Smart accounts (docs/account-abstraction.md): one ERC-4337 account per end user and chain, at
 * the address the factory computes for its owner and the user's salt. Creating one writes a row
 * and nothing on chain: the account is deployed by its first user operation.
 */
export class SmartAccounts {
  constructor(private readonly deps: SmartAccountsDeps) {}

  /**
   * The user's account on the chain: created (201) the first time, the same account (200) for
   * the same user, chain and owner afterwards; another owner is 409 `smart_account_exists`.
   */
  async create(
    input: { chainId: number; userId: string; owner: OwnerRequest },
    actor: Actor,
  ): Promise<{ status: 200 | 201; account: SmartAccountResource }> {
    const { config, db } = this.deps;
    const factory = config.smartAccounts.accountFactory;
    if (!factory)
      throw new PermanentError('smart_accounts_not_configured', '`smartAccounts.accountFactory` is not configured');
    const chain = this.deps.chains.get(input.chainId);
    if (!chain)
      throw new ValidationError(`chain ${input.chainId} is not configured`, [
        { field: 'body.chainId', code: 'unknown_chain', message: `chain ${input.chainId} is not configured` },
      ]);
    const owner = input.owner.kind === 'custodial' ? this.custodialSigner() : null;
    const ownerAddress = owner ? owner.address : getAddress((input.owner as { address: Address }).address);
    const salt = accountSalt(input.userId);
    const address = await this.counterfactual(input.chainId, factory, ownerAddress, salt);
    return db.transaction().execute(async (trx) => {
      const { row, created } = await insertOrGetAccount(trx, {
        id: newId('sa'),
        chain_id: input.chainId,
        user_id: input.userId,
        address,
        owner_kind: input.owner.kind,
        owner_address: ownerAddress,
        owner_signer: owner?.name ?? null,
        factory: getAddress(factory),
        entry_point: getAddress(config.smartAccounts.entryPoint),
        salt: salt.toString(),
        created_by: actor.keyId,
        created_by_principal: actor.principalId,
      });
      if (!created && !sameOwner(input.owner, { kind: row.owner_kind, address: row.owner_address }))
        throw new PermanentError(
          'smart_account_exists',
          `user ${input.userId} has smart account ${row.id} on chain ${input.chainId} with another owner (${row.owner_kind} ${row.owner_address})`,
          { extra: { smartAccountId: row.id } },
        );
      if (created)
        await appendAudit(trx, {
          actor: actor.keyId,
          action: 'smart_account.created',
          subject: row.id,
          details: { chainId: row.chain_id, userId: row.user_id, address: row.address, owner: row.owner_kind },
        });
      const account = smartAccountResource(row);
      const status = created ? 201 : 200;
      await recordResponse(trx, 'smart_account.create', account, status);
      return { status, account };
    });
  }

  /** One account, with `deployed` read from its chain while it is not yet known to be deployed. */
  async get(id: string): Promise<SmartAccountResource> {
    const row = await accountById(this.deps.db, id);
    if (!row) throw new NotFoundError(`smart account ${id} does not exist`);
    return smartAccountResource(await this.refreshDeployed(row));
  }

  /** A page of accounts, newest first, optionally one user's or one chain's. */
  async list(q: {
    limit: number;
    startingAfter?: string | undefined;
    userId?: string | undefined;
    chainId?: number | undefined;
  }): Promise<{ data: SmartAccountResource[]; hasMore: boolean }> {
    if (q.startingAfter && !(await accountById(this.deps.db, q.startingAfter)))
      throw new ValidationError(`unknown cursor ${q.startingAfter}`, [
        { field: 'querystring.startingAfter', code: 'unknown_smart_account', message: 'no smart account with this id' },
      ]);
    const rows = await listAccounts(this.deps.db, {
      limit: q.limit + 1,
      ...(q.startingAfter ? { belowId: q.startingAfter } : {}),
      ...(q.userId !== undefined ? { userId: q.userId } : {}),
      ...(q.chainId !== undefined ? { chainId: q.chainId } : {}),
    });
    const page = pageOf(rows, q.limit);
    return { data: page.data.map(smartAccountResource), hasMore: page.hasMore };
  }

  /** The signer that owns custodial accounts, or 503 `smart_accounts_not_configured`. */
  private custodialSigner(): Signer {
    const { config, signers } = this.deps;
    const s = signerForRole(signers, CUSTODIAL_ROLE, {
      setting: 'smartAccounts.custodialSigner',
      name: config.smartAccounts.custodialSigner,
    });
    if ('problem' in s) throw new PermanentError('smart_accounts_not_configured', `custodial accounts: ${s.problem}`);
    return s;
  }

  private async counterfactual(chainId: number, factory: Address, owner: Address, salt: bigint): Promise<Address> {
    const chain = this.deps.chains.get(chainId)!;
    try {
      const address = await chain.client.readContract({
        address: factory,
        abi: factoryAbi,
        functionName: 'getAddress',
        args: [owner, salt],
      });
      return getAddress(address);
    } catch (err) {
      if (err instanceof KeelError) throw err;
      if (err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionZeroDataError))
        throw new PermanentError(
          'smart_accounts_not_configured',
          `the account factory ${factory} has no code on chain ${chainId}`,
          { cause: err },
        );
      throw new UpstreamError('chain_unavailable', `chain ${chainId} could not compute the account address`, {
        cause: err,
      });
    }
  }

  private async refreshDeployed(row: SmartAccountRow): Promise<SmartAccountRow> {
    if (row.deployed_at) return row;
    const chain = this.deps.chains.get(row.chain_id);
    if (!chain) return row;
    // A chain that cannot be read leaves the stored answer (not deployed yet, as far as Keel knows).
    const code = await chain.client.getCode({ address: row.address as Address }).catch(() => undefined);
    return code && code !== '0x' ? markDeployed(this.deps.db, row.id, new Date()) : row;
  }
}

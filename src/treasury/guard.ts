import type { Kysely } from 'kysely';
import { erc4626Abi, getAddress, type Address, type PublicClient } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { DB } from '../db/schema.ts';
import { dbJson } from '../db/json.ts';
import { UpstreamError } from '../lib/errors.ts';
import type { IntakeGuard } from '../pipeline/guards.ts';
import type { PreparedRequest } from '../pipeline/intake.ts';
import { userMessageFor } from '../policy/reasons.ts';
import type { Reason } from '../policy/types.ts';
import { classifyCall, judgeApproval, judgeDeposit, type MandateBreach } from './guard-logic.ts';
import type { MandateDocument } from './mandate.ts';
import { activeMandatesOfAccount } from './mandate-store.ts';
import { planRules } from './plan-logic.ts';
import type { TreasuryPlans } from './plans.ts';

/**
 * The treasury's intake guard (`treasury.mandate`): a raw `contract_call` (intent kind
 * `contract_call`) from an account an active mandate governs is judged by that mandate when it
 * is a vault deposit (`deposit`, `mint`) or an approval of the mandate's asset to a vault —
 * unlisted vault, over a cap, under the buffer are refused with the rule that broke. Withdrawals
 * pass. A plan's own transactions (intent kind `treasury`) are not judged again: the plan applied
 * the mandate when it was made and again when executed.
 */
export function mandateGuard(deps: { db: Kysely<DB>; chains: ChainRegistry; plans: TreasuryPlans }): IntakeGuard {
  const judgeOne = async (req: PreparedRequest): Promise<Reason[]> => {
    const call = req.intent.kind === 'contract_call' ? req.intent.call : undefined;
    if (!call) return [];
    const vc = classifyCall(call);
    if (!vc || vc.kind === 'exit') return [];
    const mandates = await activeMandatesOfAccount(deps.db, req.chain.chainId, req.signer.address);
    if (mandates.length === 0) return [];
    const client = deps.chains.get(req.chain.chainId)?.client as PublicClient | undefined;
    const reasons = (m: (typeof mandates)[number], breaches: MandateBreach[]): Reason[] =>
      breaches.map((b) => ({
        code: b.code,
        rule: `mandate:${m.id}@${m.version}`,
        message: `mandate ${m.id} (version ${m.version}): ${b.message}`,
        userMessage: userMessageFor(b.code, 'deny'),
      }));
    const rulesOf = (m: (typeof mandates)[number]) => planRules(dbJson<MandateDocument>(m.document), m.asset_decimals);

    if (vc.kind === 'approve') {
      const m = mandates.find((x) => x.asset_address.toLowerCase() === vc.token.toLowerCase());
      if (!m || vc.amount === 0n || rulesOf(m).vaults.has(vc.spender.toLowerCase())) return [];
      // A spender is a vault of the asset when its asset() says so; anything else is not the mandate's business.
      const asset = client
        ? await client
            .readContract({ address: getAddress(vc.spender), abi: erc4626Abi, functionName: 'asset' })
            .catch(() => null)
        : null;
      const isVault = asset !== null && asset.toLowerCase() === m.asset_address.toLowerCase();
      return reasons(m, judgeApproval(rulesOf(m), m.asset_address, vc, isVault));
    }

    // A deposit is judged by the mandate that lists the vault; listed by none, by the first governing one.
    const vault = vc.vault.toLowerCase();
    const m = mandates.find((x) => rulesOf(x).vaults.has(vault)) ?? mandates[0]!;
    const rules = rulesOf(m);
    if (!rules.vaults.has(vault)) return reasons(m, judgeDeposit(rules, { idle: 0n, values: new Map() }, vc.vault, 0n));
    let assets: bigint;
    if (vc.kind === 'mint') {
      if (!client) throw new UpstreamError('chain_unavailable', `chain ${req.chain.chainId} has no client`);
      assets = await client.readContract({
        address: getAddress(vc.vault),
        abi: erc4626Abi,
        functionName: 'previewMint',
        args: [vc.shares],
      });
    } else assets = vc.assets;
    const { facts } = await deps.plans.factsUnder(m.id);
    const values = new Map(facts.vaults.map((v) => [v.address.toLowerCase(), v.value]));
    return reasons(m, judgeDeposit(rules, { idle: facts.idle, values }, vc.vault as Address, assets));
  };
  return {
    name: 'treasury.mandate',
    judge: (reqs) => Promise.all(reqs.map(judgeOne)),
  };
}

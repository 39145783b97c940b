import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Address, Hash } from 'viem';
import { z } from 'zod';
import type { ChainRegistry } from '../chain/index.ts';
import { UpstreamError } from '../lib/errors.ts';
import type { TransactionResource } from '../pipeline/resource.ts';
import { actualBalanceChanges, compareBalanceChanges, type BalanceDelta } from './balance-changes.ts';

const delta = z.object({
  address: z.string(),
  asset: z.string().describe('`native` or the token contract'),
  delta: z.string().describe('Signed, base units'),
});
const comparisonSchema = z.object({
  object: z.literal('balance_comparison'),
  transactionId: z.string(),
  status: z.string(),
  simulated: z.array(delta).describe('Predicted by simulation at intake (or at signing after a wait)'),
  actual: z.array(delta).nullable().describe('From the mined receipt; null until the transaction is mined'),
  differences: z
    .array(z.object({ address: z.string(), asset: z.string(), simulated: z.string(), actual: z.string() }))
    .nullable()
    .describe('Where actual and simulated differ; empty when they match'),
  fee: z
    .object({ wei: z.string() })
    .nullable()
    .describe('Gas fee paid by the signer (gasUsed × effectiveGasPrice), not part of the changes above'),
  note: z.string().describe('What the comparison covers'),
});

/**
 * `GET /v1/transactions/:id/balance-changes` (scope `transactions:read`): the simulated balance
 * changes beside the ones the mined transaction actually caused (from its receipt logs), with
 * the differences — so an operator sees at a glance whether it did what the preview said.
 */
export function receiptRoutes(deps: {
  getTransaction: (id: string) => Promise<TransactionResource>;
  chains: ChainRegistry;
}) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/transactions/:id/balance-changes',
      {
        config: { scope: 'transactions:read' },
        schema: {
          tags: ['transactions'],
          summary: 'Simulated vs actual balance changes of a transaction',
          description:
            'Reads the mined receipt through the chain layer (503 `chain_unavailable` when the chain cannot be read). Native coin moved inside contract calls leaves no log and is not in `actual`.',
          params: z.object({ id: z.string().regex(/^tx_[0-9a-z]+$/, 'a transaction id (tx_…)') }),
          response: { 200: comparisonSchema },
        },
      },
      async (req) => {
        const tx = await deps.getTransaction(req.params.id);
        const simulated = (tx.simulation?.balanceChanges ?? []) as BalanceDelta[];
        const note = 'Native coin and ERC-20/WETH transfers; the gas fee is listed apart.';
        const base = {
          object: 'balance_comparison' as const,
          transactionId: tx.id,
          status: tx.status,
          simulated,
          note,
        };
        if (!tx.receipt) return { ...base, actual: null, differences: null, fee: null };
        const handle = deps.chains.get(tx.chainId);
        if (!handle) throw new UpstreamError('chain_unavailable', `chain ${tx.chainId} is not configured`);
        let receipt;
        try {
          receipt = await handle.client.getTransactionReceipt({ hash: tx.receipt.hash as Hash });
        } catch (err) {
          throw new UpstreamError(
            'chain_unavailable',
            `chain ${tx.chainId} could not be read: ${(err as Error).message.split('\n')[0]}`,
            {
              userMessage: 'The blockchain network is not reachable right now. Please try again shortly.',
            },
          );
        }
        // A cancelled transaction's receipt is its 0-value replacement's: no value moved.
        const actual = actualBalanceChanges({
          from: tx.signer.address as Address,
          to: tx.to as Address,
          value: tx.status === 'cancelled' ? 0n : BigInt(tx.value),
          success: receipt.status === 'success',
          logs: receipt.logs,
        });
        return {
          ...base,
          actual,
          differences: compareBalanceChanges(simulated, actual),
          fee: { wei: (receipt.gasUsed * receipt.effectiveGasPrice).toString() },
        };
      },
    );
  };
}

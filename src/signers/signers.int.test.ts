import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { pino } from 'pino';
import { parseEther, recoverAddress, recoverMessageAddress, type Address, type Hex } from 'viem';
import { getUserOperationHash, getUserOperationTypedData, type UserOperation } from 'viem/account-abstraction';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { createChainRegistry, type ChainHandle, type ChainRegistry } from '../chain/index.ts';
import { buildConfig } from '../config/load.ts';
import { devAccounts } from '../devnet/accounts.ts';
import { devClient } from '../devnet/client.ts';
import { encryptKeystore } from './keystore.ts';
import { createSignerRegistry } from './registry.ts';
import type { SignableTransaction, Signer } from './signer.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const { treasury, users } = devAccounts;

/** A JSON-RPC proxy to anvil that lets a test rewrite `eth_signTransaction` requests (a misbehaving signer). */
async function signerProxy(
  target: string,
  rewrite: (tx: Record<string, unknown>) => void,
  seen: { headers?: Record<string, unknown> } = {},
  rewritePersonalSign: (params: unknown[]) => void = () => {},
  rewriteTypedData: (params: unknown[]) => void = () => {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      seen.headers = req.headers;
      const msg = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
      if (msg.method === 'eth_signTransaction') rewrite(msg.params[0]);
      if (msg.method === 'personal_sign') rewritePersonalSign(msg.params);
      if (msg.method === 'eth_signTypedData_v4') rewriteTypedData(msg.params);
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(msg),
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('signers against anvil', () => {
  let chain: TestChain;
  let chains: ChainRegistry;
  let handle: ChainHandle;
  const dir = mkdtempSync(join(tmpdir(), 'keel-signers-'));

  beforeAll(async () => {
    chain = await startTestChain();
    const cfg = buildConfig({
      env: 'test',
      secrets: { encryptionKey: KEY },
      chains: { [chain.chainId]: { name: 'T', rpcUrls: [chain.rpcUrl], confirmations: 0 } },
    });
    chains = createChainRegistry(cfg.chains);
    handle = chains.get(chain.chainId)!;
  });
  afterAll(async () => {
    chains?.close();
    await chain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function transfer(from: Address, to: Address = users[3]!.address): Promise<SignableTransaction> {
    const [nonce, fees] = await Promise.all([
      handle.client.getTransactionCount({ address: from, blockTag: 'pending' }),
      handle.client.estimateFeesPerGas(),
    ]);
    return { chainId: chain.chainId, type: 'eip1559', nonce, to, value: parseEther('0.001'), gas: 21_000n, ...fees };
  }

  async function sendAndMine(raw: Hex, from: Address) {
    const hash = await handle.client.sendRawTransaction({ serializedTransaction: raw });
    const receipt = await handle.client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    expect(receipt.status).toBe('success');
    expect(receipt.from.toLowerCase()).toBe(from.toLowerCase());
    return receipt;
  }

  it('a local dev signer produces a raw transaction anvil accepts and mines', async () => {
    const reg = await createSignerRegistry({
      env: 'test',
      signers: [{ name: 'treasury', role: 'treasury', type: 'local_dev', privateKey: treasury.privateKey }],
    });
    const signer = reg.require('treasury');
    expect(signer.address).toBe(treasury.address);
    await sendAndMine(await signer.signTransaction(await transfer(signer.address)), signer.address);
  });

  it('a keystore written here is decrypted at start and its signer sends a mined transaction', async () => {
    const key = generatePrivateKey();
    const password = 'keystore-pass-Σ-1';
    const file = join(dir, 'hot.json');
    writeFileSync(file, JSON.stringify(await encryptKeystore(key, password, { scryptN: 2 ** 12 })), { mode: 0o600 });
    const reg = await createSignerRegistry(
      {
        env: 'production',
        signers: [{ name: 'hot', role: 'operations', type: 'local', keystore: 'hot.json', passwordEnv: 'HOT_PW' }],
      },
      { vars: { HOT_PW: password }, cwd: dir },
    );
    const signer = reg.require('hot');
    expect(signer).toMatchObject({ kind: 'local', type: 'local', role: 'operations' });
    await devClient(chain.rpcUrl).setBalance({ address: signer.address, value: parseEther('1') });
    await sendAndMine(await signer.signTransaction(await transfer(signer.address)), signer.address);
    // wrong password and missing variable: config errors naming the field, never the secret
    const bad = await createSignerRegistry(
      {
        env: 'production',
        signers: [{ name: 'hot', role: 'operations', type: 'local', keystore: 'hot.json', passwordEnv: 'HOT_PW' }],
      },
      { vars: { HOT_PW: 'not-the-password' }, cwd: dir },
    ).catch((e: Error) => e);
    expect(bad).toMatchObject({
      code: 'config_invalid',
      errors: [{ field: 'signers.0.keystore', code: 'keystore_locked' }],
    });
    expect(JSON.stringify(bad) + String(bad) + inspect(bad, { depth: 10 })).not.toMatch(
      /not-the-password|keystore-pass/,
    );
    await expect(
      createSignerRegistry(
        {
          env: 'test',
          signers: [{ name: 'hot', role: 'operations', type: 'local', keystore: 'hot.json', passwordEnv: 'HOT_PW' }],
        },
        { vars: {}, cwd: dir },
      ),
    ).rejects.toMatchObject({
      errors: [{ field: 'signers.0.passwordEnv', code: 'missing_env' }],
    });
  });

  it('a remote signer (anvil signing for its unlocked account) produces a transaction anvil mines', async () => {
    const seen: { headers?: Record<string, unknown> } = {};
    const proxy = await signerProxy(chain.rpcUrl, () => {}, seen);
    try {
      const reg = await createSignerRegistry({
        env: 'test',
        signers: [
          {
            name: 'ops',
            role: 'operations',
            type: 'remote',
            url: proxy.url,
            address: users[0]!.address,
            headers: { Authorization: 'Bearer s3cret-token' },
            timeoutMs: 5_000,
          },
        ],
      });
      const signer = reg.require('ops');
      expect(signer).toMatchObject({ kind: 'remote', type: 'remote' });
      await sendAndMine(await signer.signTransaction(await transfer(signer.address)), users[0]!.address);
      expect(seen.headers?.authorization).toBe('Bearer s3cret-token');
      expect(JSON.stringify(signer) + String(signer) + inspect(signer)).not.toContain('s3cret-token');
      // contract calls with data, and legacy transactions, round-trip as well
      const call = {
        ...(await transfer(signer.address, chain.world.contracts.tUSD as Address)),
        value: 0n,
        data: '0x18160ddd' as Hex,
        gas: 60_000n,
      };
      await sendAndMine(await signer.signTransaction(call), users[0]!.address);
      const legacy: SignableTransaction = {
        chainId: chain.chainId,
        type: 'legacy',
        nonce: (await transfer(signer.address)).nonce,
        to: users[3]!.address,
        value: 1n,
        gas: 21_000n,
        gasPrice: await handle.client.getGasPrice(),
      };
      await sendAndMine(await signer.signTransaction(legacy), users[0]!.address);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a remote answer signed by another address, or for another transaction', async () => {
    const otherSigner = await signerProxy(chain.rpcUrl, (tx) => (tx.from = users[1]!.address));
    const otherRecipient = await signerProxy(chain.rpcUrl, (tx) => (tx.to = users[2]!.address));
    try {
      const reg = await createSignerRegistry({
        env: 'test',
        signers: [
          {
            name: 'a',
            role: 'operations',
            type: 'remote',
            url: otherSigner.url,
            address: users[0]!.address,
            timeoutMs: 5_000,
          },
          {
            name: 'b',
            role: 'treasury',
            type: 'remote',
            url: otherRecipient.url,
            address: users[2]!.address,
            timeoutMs: 5_000,
          },
        ],
      });
      const a = await reg
        .require('a')
        .signTransaction(await transfer(users[0]!.address))
        .catch((e: Error) => e);
      expect(a).toMatchObject({
        code: 'signer_mismatch',
        extra: { configured: users[0]!.address, recovered: users[1]!.address },
      });
      expect((a as Error).message).toContain(
        `signed with ${users[1]!.address}, not the configured ${users[0]!.address}`,
      );
      const b = await reg
        .require('b')
        .signTransaction(await transfer(users[2]!.address, users[3]!.address))
        .catch((e: Error) => e);
      expect(b).toMatchObject({ code: 'signer_mismatch', extra: { fields: ['to'] } });
    } finally {
      await Promise.all([otherSigner.close(), otherRecipient.close()]);
    }
  });

  it('signs EIP-191 messages locally and remotely (personal_sign), refusing a signature by another address', async () => {
    const message = 'keel attestation att_TEST digest 0x1234';
    const honest = await signerProxy(chain.rpcUrl, () => {});
    // A misrouted signer: asks anvil to sign with another unlocked account.
    const other = await signerProxy(
      chain.rpcUrl,
      () => {},
      {},
      (params) => (params[1] = users[1]!.address),
    );
    try {
      const reg = await createSignerRegistry({
        env: 'test',
        signers: [
          { name: 'dev', role: 'attestation', type: 'local_dev', privateKey: treasury.privateKey },
          {
            name: 'remote',
            role: 'operations',
            type: 'remote',
            url: honest.url,
            address: users[0]!.address,
            timeoutMs: 5_000,
          },
        ],
      });
      // The same address behind a misrouting proxy (a registry refuses two signers for one address).
      const misrouted = await createSignerRegistry({
        env: 'test',
        signers: [
          {
            name: 'misrouted',
            role: 'operations',
            type: 'remote',
            url: other.url,
            address: users[0]!.address,
            timeoutMs: 5_000,
          },
        ],
      });
      const local = await reg.require('dev').signMessage({ message });
      expect(await recoverMessageAddress({ message, signature: local })).toBe(treasury.address);
      const raw = await reg.require('dev').signMessage({ message: { raw: '0xdeadbeef' } });
      expect(await recoverMessageAddress({ message: { raw: '0xdeadbeef' }, signature: raw })).toBe(treasury.address);
      const remote = await reg.require('remote').signMessage({ message });
      expect(await recoverMessageAddress({ message, signature: remote })).toBe(users[0]!.address);
      const refused = await misrouted
        .require('misrouted')
        .signMessage({ message })
        .catch((e: Error) => e);
      expect(refused).toMatchObject({
        code: 'signer_mismatch',
        extra: { configured: users[0]!.address, recovered: users[1]!.address },
      });
    } finally {
      await Promise.all([honest.close(), other.close()]);
    }
  });

  it('signs EIP-712 typed data (a v0.8 user operation) locally and remotely, the signature over userOpHash itself', async () => {
    const userOperation: UserOperation<'0.8'> = {
      sender: users[3]!.address,
      nonce: 3n,
      callData: '0xb61d27f6',
      callGasLimit: 100_000n,
      verificationGasLimit: 200_000n,
      preVerificationGas: 50_000n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      signature: '0x',
    };
    const entryPoint = '0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108' as const;
    const typedData = getUserOperationTypedData({
      chainId: chain.chainId,
      entryPointAddress: entryPoint,
      userOperation,
    });
    const hash = getUserOperationHash({
      userOperation,
      chainId: chain.chainId,
      entryPointAddress: entryPoint,
      entryPointVersion: '0.8',
    });
    const honest = await signerProxy(chain.rpcUrl, () => {});
    const other = await signerProxy(
      chain.rpcUrl,
      () => {},
      {},
      () => {},
      (params) => (params[0] = users[1]!.address),
    );
    try {
      const reg = await createSignerRegistry({
        env: 'test',
        signers: [
          { name: 'dev', role: 'smart_account_owner', type: 'local_dev', privateKey: treasury.privateKey },
          {
            name: 'remote',
            role: 'operations',
            type: 'remote',
            url: honest.url,
            address: users[0]!.address,
            timeoutMs: 5_000,
          },
        ],
      });
      const misrouted = await createSignerRegistry({
        env: 'test',
        signers: [
          {
            name: 'misrouted',
            role: 'operations',
            type: 'remote',
            url: other.url,
            address: users[0]!.address,
            timeoutMs: 5_000,
          },
        ],
      });
      // No EIP-191 prefix: what the account's ECDSA check over userOpHash recovers.
      const local = await reg.require('dev').signTypedData(typedData);
      expect(await recoverAddress({ hash, signature: local })).toBe(treasury.address);
      const remote = await reg.require('remote').signTypedData(typedData);
      expect(await recoverAddress({ hash, signature: remote })).toBe(users[0]!.address);
      const refused = await misrouted
        .require('misrouted')
        .signTypedData(typedData)
        .catch((e: Error) => e);
      expect(refused).toMatchObject({
        code: 'signer_mismatch',
        extra: { configured: users[0]!.address, recovered: users[1]!.address },
      });
    } finally {
      await Promise.all([honest.close(), other.close()]);
    }
  });

  it('reports an unreachable or refusing remote signer without its credentials', async () => {
    const reg = await createSignerRegistry({
      env: 'test',
      signers: [
        {
          name: 'down',
          role: 'operations',
          type: 'remote',
          url: 'http://user:hunter2@127.0.0.1:9/rpc?key=abc123',
          address: users[0]!.address,
          timeoutMs: 1_000,
        },
        {
          name: 'stranger',
          role: 'operations',
          type: 'remote',
          url: chain.rpcUrl,
          address: '0x000000000000000000000000000000000000dEaD',
          timeoutMs: 5_000,
        },
      ],
    });
    const down = await reg
      .require('down')
      .signTransaction(await transfer(users[0]!.address))
      .catch((e: Error) => e);
    expect(down).toMatchObject({ code: 'remote_signer_unavailable', retryable: true });
    expect(`${(down as Error).message} ${JSON.stringify(down)}`).not.toMatch(/hunter2|abc123/);
    const refused = await reg
      .require('stranger')
      .signTransaction(await transfer(users[0]!.address))
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ code: 'remote_signer_refused' });
  });

  it('never shows key material in logs, errors, JSON or inspect output', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (s: string) => void lines.push(s) });
    const key = generatePrivateKey();
    const password = 'pw-that-must-not-leak';
    writeFileSync(
      join(dir, 'leak.json'),
      JSON.stringify(await encryptKeystore(key, password, { kdf: 'pbkdf2', pbkdf2Rounds: 1_000 })),
    );
    const reg = await createSignerRegistry(
      {
        env: 'development',
        signers: [
          { name: 'dev', role: 'treasury', type: 'local_dev', privateKey: treasury.privateKey },
          { name: 'ks', role: 'operations', type: 'local', keystore: 'leak.json', passwordEnv: 'LEAK_PW' },
        ],
      },
      { vars: { LEAK_PW: password }, cwd: dir, logger },
    );
    const secrets = [treasury.privateKey.slice(2), key.slice(2), password];
    const outputs: string[] = [JSON.stringify(reg), inspect(reg, { depth: 10, showHidden: true })];
    for (const s of reg.all() as Signer[]) {
      outputs.push(
        JSON.stringify(s),
        String(s),
        `${s}`,
        inspect(s, { depth: 10, showHidden: true }),
        JSON.stringify({ ...s }),
        Object.keys(s).join(),
      );
      logger.info({ signer: s }, 'signer as a log field');
      const errs = await Promise.all([
        s
          .signTransaction({ to: users[3]!.address, nonce: 0, gas: 21_000n } as unknown as SignableTransaction)
          .catch((e: Error) => e),
        s
          .signTransaction({
            chainId: chain.chainId,
            nonce: 0,
            gas: 21_000n,
            to: '0x1234' as Address,
            maxFeePerGas: 1n,
          } as SignableTransaction)
          .catch((e: Error) => e),
      ]);
      for (const e of errs) {
        expect(e).toBeInstanceOf(Error);
        logger.error({ err: e }, 'signing failed');
        outputs.push(String(e), JSON.stringify(e), inspect(e, { depth: 10 }), (e as Error).stack ?? '');
      }
    }
    outputs.push(...lines);
    expect(lines.some((l) => l.includes('"signer"'))).toBe(true);
    for (const out of outputs)
      for (const secret of secrets) expect(out.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});

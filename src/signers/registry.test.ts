import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildConfig, loadConfig } from '../config/load.ts';
import { signerSchema } from '../config/schema.ts';
import { devAccounts } from '../devnet/accounts.ts';
import { createSignerRegistry } from './registry.ts';

const base = {
  secrets: { encryptionKey: Buffer.alloc(32, 3).toString('base64') },
  chains: { '31337': { name: 'A', rpcUrls: ['http://127.0.0.1:8545'] } },
};
const devKey = {
  name: 'treasury',
  role: 'treasury',
  type: 'local_dev',
  privateKey: devAccounts.treasury.privateKey,
} as const;

describe('signer configuration', () => {
  it('development.yaml signs for the dev treasury, operations, attestation, smart-account owner and paymaster accounts', async () => {
    const cfg = loadConfig({ file: 'config/development.yaml', vars: {} });
    const reg = await createSignerRegistry(cfg);
    expect(reg.toJSON()).toEqual([
      { name: 'treasury', role: 'treasury', address: devAccounts.treasury.address, kind: 'local', type: 'local_dev' },
      {
        name: 'operations',
        role: 'operations',
        address: devAccounts.operations.address,
        kind: 'local',
        type: 'local_dev',
      },
      {
        name: 'attestation',
        role: 'attestation',
        address: devAccounts.attestation.address,
        kind: 'local',
        type: 'local_dev',
      },
      {
        name: 'accounts',
        role: 'smart_account_owner',
        address: devAccounts.smartAccountOwner.address,
        kind: 'local',
        type: 'local_dev',
      },
      {
        name: 'paymaster',
        role: 'paymaster',
        address: devAccounts.paymasterSigner.address,
        kind: 'local',
        type: 'local_dev',
      },
    ]);
    expect(reg.byAddress(devAccounts.operations.address.toLowerCase() as `0x${string}`)?.name).toBe('operations');
    expect(reg.byRole('treasury').map((s) => s.name)).toEqual(['treasury']);
    expect(() => reg.require('payouts')).toThrow(expect.objectContaining({ code: 'validation_failed', status: 422 }));
  });

  it('refuses plaintext dev keys in production, at config and at registry level', async () => {
    expect(() => buildConfig({ ...base, env: 'production', signers: [devKey] })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'signers.0.type' })] }),
    );
    expect(buildConfig({ ...base, env: 'test', signers: [devKey] }).signers).toHaveLength(1);
    await expect(createSignerRegistry({ env: 'production', signers: [devKey] })).rejects.toMatchObject({
      code: 'config_invalid',
      errors: [{ code: 'dev_key_in_production' }],
    });
  });

  it('refuses duplicate names and addresses, malformed keys without quoting them', async () => {
    const dup = () => buildConfig({ ...base, env: 'test', signers: [devKey, { ...devKey, role: 'operations' }] });
    expect(dup).toThrow(/duplicate signer name treasury/);
    await expect(
      createSignerRegistry({ env: 'test', signers: [devKey, { ...devKey, name: 'again' }] }),
    ).rejects.toThrow(/both sign for/);
    const badKey = '0x' + 'ab'.repeat(31) + 'zz';
    let message = '';
    try {
      buildConfig({ ...base, env: 'test', signers: [{ ...devKey, privateKey: badKey }] });
    } catch (err) {
      message = JSON.stringify(err) + String(err);
    }
    expect(message).toContain('signers.0.privateKey');
    expect(message).not.toContain('abababab');
    // a 32-byte value that is not a valid secp256k1 key (zero) is refused without echoing it
    await expect(
      createSignerRegistry({ env: 'test', signers: [{ ...devKey, privateKey: '0x' + '00'.repeat(32) }] }),
    ).rejects.toMatchObject({ errors: [{ code: 'signer_key_invalid' }] });
  });

  it('the commented example in production.example.yaml is valid once uncommented', () => {
    const text = readFileSync('config/production.example.yaml', 'utf8');
    const from = text.indexOf('# signers:');
    const block = text
      .slice(from, text.indexOf('\n\n', from))
      .split('\n')
      .map((l) => l.slice(2))
      .join('\n');
    const doc = parseYaml(block.replace('"0x…"', '"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"')) as {
      signers: unknown[];
    };
    expect(doc.signers).toHaveLength(2);
    for (const s of doc.signers) expect(signerSchema.safeParse(s).success).toBe(true);
  });
});

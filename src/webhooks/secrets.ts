import type { SecretBox } from '../lib/secret-box.ts';

/** Encryption context of an endpoint's secrets: a sealed secret only opens for its own endpoint. */
const context = (endpointId: string) => `webhook_endpoint:${endpointId}`;

export function sealEndpointSecret(box: SecretBox, endpointId: string, secret: string): string {
  return box.seal(secret, context(endpointId));
}

/**
 * The secrets that sign a delivery to this endpoint now: the current one, plus the previous
 * one while the rotation overlap lasts, so receivers can switch without losing a delivery.
 */
export function activeSecrets(
  box: SecretBox,
  endpoint: {
    id: string;
    secret_enc: string;
    previous_secret_enc: string | null;
    previous_secret_expires_at: Date | null;
  },
  now = new Date(),
): string[] {
  const secrets = [box.open(endpoint.secret_enc, context(endpoint.id))];
  if (
    endpoint.previous_secret_enc &&
    endpoint.previous_secret_expires_at &&
    endpoint.previous_secret_expires_at > now
  ) {
    secrets.push(box.open(endpoint.previous_secret_enc, context(endpoint.id)));
  }
  return secrets;
}

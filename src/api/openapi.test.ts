import { describe, expect, it } from 'vitest';
import { operationIdFor } from './openapi.ts';

describe('operationIdFor', () => {
  it('derives a verb-noun id from the method and path', () => {
    expect(operationIdFor('POST', '/v1/payment-intents')).toBe('createPaymentIntent');
    expect(operationIdFor('GET', '/v1/payment-intents')).toBe('listPaymentIntents');
    expect(operationIdFor('GET', '/v1/payment-intents/{id}')).toBe('getPaymentIntent');
    expect(operationIdFor('PATCH', '/v1/webhook-endpoints/{id}')).toBe('updateWebhookEndpoint');
    expect(operationIdFor('DELETE', '/v1/webhook-endpoints/{id}')).toBe('deleteWebhookEndpoint');
    expect(operationIdFor('POST', '/v1/transactions/{id}/cancel')).toBe('cancelTransaction');
    expect(operationIdFor('POST', '/v1/payment-intents/{id}/refunds')).toBe('createPaymentIntentRefund');
    expect(operationIdFor('GET', '/v1/webhook-endpoints/{id}/deliveries')).toBe('listWebhookEndpointDeliveries');
    expect(operationIdFor('GET', '/v1/policy/versions/{version}')).toBe('getPolicyVersion');
    expect(operationIdFor('POST', '/v1/access-requests/{id}/approve')).toBe('approveAccessRequest');
  });

  it('takes an override where the rule reads badly', () => {
    expect(operationIdFor('GET', '/v1/policy')).toBe('getActivePolicy');
    expect(operationIdFor('POST', '/v1/swaps/quotes')).toBe('createSwapQuote');
    expect(operationIdFor('POST', '/v1/webhook-endpoints/{id}/rotate-secret')).toBe('rotateWebhookEndpointSecret');
  });
});

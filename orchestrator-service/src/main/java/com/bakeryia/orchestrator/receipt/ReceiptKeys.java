package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.token.SigningKeys;

/**
 * The receipts' signing keys, apart from the service-token keys (a bean of its own type, so that it
 * never stands in for the fleet's {@link SigningKeys} bean).
 *
 * @param keys the keys, the signing one first
 */
public record ReceiptKeys(SigningKeys keys) {}

package com.bakeryia.pos.configuration;

/** The point-of-sale systems a bakery can connect. */
public enum PosProvider {
    SQUARE,
    TOAST,
    LIGHTSPEED,
    SUMUP,
    ZETTLE,
    SHOPIFY
}

package com.bakeryia.idp;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * When the user entered their password: kept as the details of the login's authentication, which
 * the authorization keeps, so that the tokens of that login carry it as {@code auth_time}.
 *
 * @param at the instant of the login
 */
record LoginTime(Instant at) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}

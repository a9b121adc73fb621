/**
 * tenant-service: tenants, memberships and roles ({@code tenants}), the owner's deletion request
 * and its outbox ({@code deletion}), the removal of a deleted account from every tenant ({@code
 * account}), user and service token security ({@code security}) and RFC 9457 errors ({@code
 * problems}).
 */
@NullMarked
package com.bakeryia.tenant;

import org.jspecify.annotations.NullMarked;

/** Who may call the orchestrator: ops users (user tokens) and tenant-service (service tokens). */
@NullMarked
package com.bakeryia.orchestrator.security;

import org.jspecify.annotations.NullMarked;

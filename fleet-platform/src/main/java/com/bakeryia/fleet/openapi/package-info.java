/** The OpenAPI description of a service's API, published by springdoc at {@code /v3/api-docs}. */
@NullMarked
package com.bakeryia.fleet.openapi;

import org.jspecify.annotations.NullMarked;

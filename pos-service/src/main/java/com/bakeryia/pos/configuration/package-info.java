/** A bakery's POS provider configurations, with their credentials encrypted at rest. */
@NullMarked
package com.bakeryia.pos.configuration;

import org.jspecify.annotations.NullMarked;

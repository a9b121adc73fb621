@NullMarked
package com.bakeryia.tenant.security;

import org.jspecify.annotations.NullMarked;

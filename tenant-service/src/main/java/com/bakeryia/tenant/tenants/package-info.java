@NullMarked
package com.bakeryia.tenant.tenants;

import org.jspecify.annotations.NullMarked;

@NullMarked
package com.bakeryia.tenant.deletion;

import org.jspecify.annotations.NullMarked;

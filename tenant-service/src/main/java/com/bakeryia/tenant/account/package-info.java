@NullMarked
package com.bakeryia.tenant.account;

import org.jspecify.annotations.NullMarked;

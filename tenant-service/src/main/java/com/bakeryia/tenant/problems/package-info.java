@NullMarked
package com.bakeryia.tenant.problems;

import org.jspecify.annotations.NullMarked;

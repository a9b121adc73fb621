@NullMarked
package com.bakeryia.deletion;

import org.jspecify.annotations.NullMarked;

@NullMarked
package com.bakeryia.fleet.token;

import org.jspecify.annotations.NullMarked;

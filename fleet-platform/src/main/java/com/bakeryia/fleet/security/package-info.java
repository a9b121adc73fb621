@NullMarked
package com.bakeryia.fleet.security;

import org.jspecify.annotations.NullMarked;

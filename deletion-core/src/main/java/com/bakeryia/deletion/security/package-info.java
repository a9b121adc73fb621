@NullMarked
package com.bakeryia.deletion.security;

import org.jspecify.annotations.NullMarked;

@NullMarked
package com.bakeryia.testkit.token;

import org.jspecify.annotations.NullMarked;

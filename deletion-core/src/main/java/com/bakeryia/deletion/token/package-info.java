@NullMarked
package com.bakeryia.deletion.token;

import org.jspecify.annotations.NullMarked;

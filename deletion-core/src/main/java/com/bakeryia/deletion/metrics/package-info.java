@NullMarked
package com.bakeryia.deletion.metrics;

import org.jspecify.annotations.NullMarked;

@NullMarked
package com.bakeryia.testkit.contract;

import org.jspecify.annotations.NullMarked;

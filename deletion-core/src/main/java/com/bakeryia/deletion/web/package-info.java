@NullMarked
package com.bakeryia.deletion.web;

import org.jspecify.annotations.NullMarked;

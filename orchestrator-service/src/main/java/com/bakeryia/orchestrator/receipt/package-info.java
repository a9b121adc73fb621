/** Signed receipts of completed jobs. */
@NullMarked
package com.bakeryia.orchestrator.receipt;

import org.jspecify.annotations.NullMarked;

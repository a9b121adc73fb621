/**
 * The tenant's data export (GDPR Art. 20): one ZIP gathered from every service's export endpoint,
 * with a manifest signed by the receipt key; streamed, never stored.
 */
@NullMarked
package com.bakeryia.orchestrator.export;

import org.jspecify.annotations.NullMarked;

/**
 * The owner's export of the tenant's data (GDPR Art. 20): records at tenant-service, the archive
 * streamed from the orchestrator on each download and never stored.
 */
@NullMarked
package com.bakeryia.tenant.export;

import org.jspecify.annotations.NullMarked;

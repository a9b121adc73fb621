package com.bakeryia.deletion;

import com.bakeryia.fleet.ServiceIdentity;
import java.util.List;

/** The application declares no {@link TenantDataDeletionService} bean, or more than one. */
class TenantDataDeletionServiceDeclarationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient ServiceIdentity identity;
    private final List<String> beanNames;

    TenantDataDeletionServiceDeclarationException(ServiceIdentity identity, List<String> beanNames) {
        super(
                beanNames.isEmpty()
                        ? identity.name() + " has deletion-core but declares no TenantDataDeletionService bean"
                        : identity.name() + " declares " + beanNames.size() + " TenantDataDeletionService beans "
                                + beanNames + "; exactly one is allowed");
        this.identity = identity;
        this.beanNames = List.copyOf(beanNames);
    }

    ServiceIdentity identity() {
        return identity;
    }

    List<String> beanNames() {
        return beanNames;
    }
}

package com.bakeryia.training.deletion;

import com.bakeryia.deletion.ExternalTenantData;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.training.model.ModelArtifactFiles;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Erases a tenant's training jobs (queued, running or finished), their logs, the trained models and
 * their artifact rows, and then the model files under the tenant's artifact directory.
 */
@Component
class TrainingTenantDataDeletionService extends TenantDataDeletionService {

    private final ModelArtifactFiles modelFiles;

    TrainingTenantDataDeletionService(ModelArtifactFiles modelFiles) {
        super(TenantDataSchema.named("training"));
        this.modelFiles = modelFiles;
    }

    @Override
    protected List<ExternalTenantData> externalData() {
        return List.of(modelFiles);
    }
}

-- Model training of a bakery: the job queue workers claim jobs from, the models a job produces, the
-- artifact files of each model (stored on disk under {training.artifacts-dir}/{tenant_id}/, one row
-- per file with its path, size and SHA-256) and the log lines of each job. Every table carries
-- tenant_id; foreign keys include it, so a row can only ever reference a row of its own tenant.

CREATE TABLE training_jobs (
    id               uuid         PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    model_type       varchar(16)  NOT NULL CHECK (model_type IN ('PROPHET', 'XGBOOST', 'LSTM', 'ARIMA')),
    -- the inventory product the model forecasts; null trains one model over all products
    product_id       uuid,
    status           varchar(16)  NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority         smallint     NOT NULL DEFAULT 5 CHECK (priority BETWEEN 0 AND 9),
    attempt          integer      NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts     integer      NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
    parameters       jsonb        NOT NULL DEFAULT '{}'::jsonb,
    requested_by     uuid,
    claimed_by       varchar(128),
    error_message    text,
    queued_at        timestamptz  NOT NULL,
    claimed_at       timestamptz,
    heartbeat_at     timestamptz,
    lease_expires_at timestamptz,
    finished_at      timestamptz,
    CONSTRAINT training_jobs_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT training_jobs_claimed_after_queued CHECK (claimed_at IS NULL OR claimed_at >= queued_at),
    CONSTRAINT training_jobs_heartbeat_after_claimed CHECK (heartbeat_at IS NULL OR heartbeat_at >= claimed_at),
    CONSTRAINT training_jobs_lease_after_heartbeat CHECK (lease_expires_at IS NULL OR lease_expires_at >= heartbeat_at),
    CONSTRAINT training_jobs_finished_after_queued CHECK (finished_at IS NULL OR finished_at >= queued_at)
);

CREATE INDEX training_jobs_tenant_id_status_idx ON training_jobs (tenant_id, status, queued_at);
-- Workers claim the most urgent due job with FOR UPDATE SKIP LOCKED, and re-claim expired leases.
CREATE INDEX training_jobs_claimable_idx ON training_jobs (priority DESC, queued_at) WHERE status = 'QUEUED';
CREATE INDEX training_jobs_running_lease_idx ON training_jobs (lease_expires_at) WHERE status = 'RUNNING';

CREATE TABLE trained_models (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    job_id        uuid        NOT NULL,
    model_type    varchar(16) NOT NULL CHECK (model_type IN ('PROPHET', 'XGBOOST', 'LSTM', 'ARIMA')),
    product_id    uuid,
    status        varchar(16) NOT NULL CHECK (status IN ('ACTIVE', 'SUPERSEDED', 'ARCHIVED')),
    training_rows integer     NOT NULL DEFAULT 0 CHECK (training_rows >= 0),
    metrics       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    trained_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trained_models_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT trained_models_job_fk FOREIGN KEY (tenant_id, job_id) REFERENCES training_jobs (tenant_id, id),
    CONSTRAINT trained_models_created_after_trained CHECK (created_at >= trained_at)
);

CREATE INDEX trained_models_tenant_id_job_id_idx ON trained_models (tenant_id, job_id);

CREATE TABLE model_artifacts (
    id            uuid         PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    model_id      uuid         NOT NULL,
    artifact_type varchar(16)  NOT NULL CHECK (artifact_type IN ('MODEL', 'SCALER', 'FEATURES', 'REPORT')),
    -- relative to training.artifacts-dir: {tenant_id}/{model_id}/{file name}
    relative_path varchar(512) NOT NULL,
    size_bytes    bigint       NOT NULL CHECK (size_bytes >= 0),
    sha256        char(64)     NOT NULL,
    content_type  varchar(100) NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT model_artifacts_tenant_id_path_key UNIQUE (tenant_id, relative_path),
    CONSTRAINT model_artifacts_model_fk FOREIGN KEY (tenant_id, model_id) REFERENCES trained_models (tenant_id, id)
);

CREATE INDEX model_artifacts_tenant_id_model_id_idx ON model_artifacts (tenant_id, model_id);

CREATE TABLE training_logs (
    id        uuid        PRIMARY KEY,
    tenant_id uuid        NOT NULL,
    job_id    uuid        NOT NULL,
    level     varchar(8)  NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARN', 'ERROR')),
    message   text        NOT NULL,
    context   jsonb,
    logged_at timestamptz NOT NULL,
    CONSTRAINT training_logs_job_fk FOREIGN KEY (tenant_id, job_id) REFERENCES training_jobs (tenant_id, id)
);

CREATE INDEX training_logs_tenant_id_job_id_idx ON training_logs (tenant_id, job_id, logged_at);

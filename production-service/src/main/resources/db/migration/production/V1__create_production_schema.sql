-- Production of a bakery: its equipment (ovens, mixers, proofers), the production runs planned and
-- baked on it, the ingredients each run consumed, the steps it went through and the quality checks
-- made on the run or one of its steps. Every table carries tenant_id; foreign keys include it, so a
-- row can only ever reference a row of its own tenant. Recipe, product and stock batch ids name rows
-- of other services: plain uuids, schemas never join.

CREATE TABLE equipment (
    id                   uuid           PRIMARY KEY,
    tenant_id            uuid           NOT NULL,
    code                 varchar(32)    NOT NULL,
    name                 varchar(120)   NOT NULL,
    equipment_type       varchar(16)    NOT NULL
        CHECK (equipment_type IN ('OVEN', 'MIXER', 'PROOFER', 'SHEETER', 'DIVIDER', 'FREEZER', 'OTHER')),
    manufacturer         varchar(120),
    model                varchar(120),
    capacity             numeric(10, 2) CHECK (capacity > 0),
    capacity_unit        varchar(8)     CHECK (capacity_unit IN ('KG', 'UNIT', 'TRAY', 'L')),
    status               varchar(16)    NOT NULL
        CHECK (status IN ('OPERATIONAL', 'MAINTENANCE', 'OUT_OF_SERVICE', 'RETIRED')),
    settings             jsonb          NOT NULL DEFAULT '{}'::jsonb,
    last_maintenance_at  timestamptz,
    next_maintenance_due date,
    created_at           timestamptz    NOT NULL DEFAULT now(),
    updated_at           timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT equipment_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT equipment_tenant_id_code_key UNIQUE (tenant_id, code)
);

CREATE TABLE production_runs (
    id               uuid           PRIMARY KEY,
    tenant_id        uuid           NOT NULL,
    run_number       varchar(32)    NOT NULL,
    recipe_id        uuid           NOT NULL,
    product_id       uuid           NOT NULL,
    equipment_id     uuid,
    status           varchar(16)    NOT NULL
        CHECK (status IN ('PLANNED', 'IN_PROGRESS', 'QUALITY_CHECK', 'COMPLETED', 'CANCELLED', 'FAILED')),
    priority         varchar(8)     NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    planned_quantity numeric(12, 3) NOT NULL CHECK (planned_quantity > 0),
    actual_quantity  numeric(12, 3) CHECK (actual_quantity >= 0),
    waste_quantity   numeric(12, 3) NOT NULL DEFAULT 0 CHECK (waste_quantity >= 0),
    unit_of_measure  varchar(8)     NOT NULL CHECK (unit_of_measure IN ('UNIT', 'KG', 'G', 'L', 'DOZEN', 'BATCH')),
    yield_percentage numeric(5, 2)  CHECK (yield_percentage BETWEEN 0 AND 200),
    estimated_cost   numeric(12, 2) CHECK (estimated_cost >= 0),
    actual_cost      numeric(12, 2) CHECK (actual_cost >= 0),
    planned_start_at timestamptz    NOT NULL,
    planned_end_at   timestamptz    NOT NULL,
    actual_start_at  timestamptz,
    actual_end_at    timestamptz,
    operator_id      uuid,
    notes            text,
    created_at       timestamptz    NOT NULL DEFAULT now(),
    updated_at       timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT production_runs_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT production_runs_tenant_id_run_number_key UNIQUE (tenant_id, run_number),
    CONSTRAINT production_runs_equipment_fk FOREIGN KEY (tenant_id, equipment_id)
        REFERENCES equipment (tenant_id, id),
    CONSTRAINT production_runs_planned_end_after_start CHECK (planned_end_at >= planned_start_at),
    CONSTRAINT production_runs_actual_end_after_start CHECK (actual_end_at IS NULL OR actual_end_at >= actual_start_at)
);

CREATE INDEX production_runs_tenant_id_status_idx ON production_runs (tenant_id, status, planned_start_at);
CREATE INDEX production_runs_tenant_id_equipment_id_idx ON production_runs (tenant_id, equipment_id);

CREATE TABLE production_run_ingredients (
    id                    uuid           PRIMARY KEY,
    tenant_id             uuid           NOT NULL,
    production_run_id     uuid           NOT NULL,
    ingredient_product_id uuid           NOT NULL,
    stock_batch_id        uuid,
    planned_quantity      numeric(12, 3) NOT NULL CHECK (planned_quantity > 0),
    actual_quantity       numeric(12, 3) CHECK (actual_quantity >= 0),
    unit                  varchar(8)     NOT NULL CHECK (unit IN ('G', 'KG', 'ML', 'L', 'UNIT')),
    unit_cost             numeric(12, 2) CHECK (unit_cost >= 0),
    consumed_at           timestamptz,
    created_at            timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT production_run_ingredients_tenant_id_run_ingredient_key
        UNIQUE (tenant_id, production_run_id, ingredient_product_id, stock_batch_id),
    CONSTRAINT production_run_ingredients_run_fk FOREIGN KEY (tenant_id, production_run_id)
        REFERENCES production_runs (tenant_id, id)
);

CREATE INDEX production_run_ingredients_tenant_id_batch_idx ON production_run_ingredients (tenant_id, stock_batch_id);

CREATE TABLE production_steps (
    id                       uuid          PRIMARY KEY,
    tenant_id                uuid          NOT NULL,
    production_run_id        uuid          NOT NULL,
    step_number              integer       NOT NULL CHECK (step_number > 0),
    recipe_step_id           uuid,
    name                     varchar(120)  NOT NULL,
    equipment_id             uuid,
    status                   varchar(12)   NOT NULL
        CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'SKIPPED', 'FAILED')),
    planned_duration_minutes integer       CHECK (planned_duration_minutes >= 0),
    temperature_c            numeric(5, 1) CHECK (temperature_c BETWEEN -40 AND 320),
    humidity_percent         numeric(5, 2) CHECK (humidity_percent BETWEEN 0 AND 100),
    started_at               timestamptz,
    completed_at             timestamptz,
    performed_by             uuid,
    notes                    text,
    CONSTRAINT production_steps_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT production_steps_tenant_id_run_step_key UNIQUE (tenant_id, production_run_id, step_number),
    CONSTRAINT production_steps_run_fk FOREIGN KEY (tenant_id, production_run_id)
        REFERENCES production_runs (tenant_id, id),
    CONSTRAINT production_steps_equipment_fk FOREIGN KEY (tenant_id, equipment_id)
        REFERENCES equipment (tenant_id, id),
    CONSTRAINT production_steps_completed_after_started CHECK (completed_at IS NULL OR completed_at >= started_at)
);

CREATE INDEX production_steps_tenant_id_equipment_id_idx ON production_steps (tenant_id, equipment_id);

CREATE TABLE quality_checks (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    production_run_id  uuid           NOT NULL,
    production_step_id uuid,
    check_type         varchar(16)    NOT NULL
        CHECK (check_type IN ('VISUAL', 'WEIGHT', 'TEMPERATURE', 'TASTE', 'TEXTURE', 'MOISTURE', 'FOOD_SAFETY')),
    result             varchar(12)    NOT NULL CHECK (result IN ('PASS', 'FAIL', 'CONDITIONAL')),
    score              numeric(4, 1)  CHECK (score BETWEEN 0 AND 10),
    measured_value     numeric(12, 3),
    target_value       numeric(12, 3),
    tolerance          numeric(12, 3) CHECK (tolerance >= 0),
    unit               varchar(16),
    defects            jsonb,
    corrective_action  text,
    checked_by         uuid,
    checked_at         timestamptz    NOT NULL,
    created_at         timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT quality_checks_run_fk FOREIGN KEY (tenant_id, production_run_id)
        REFERENCES production_runs (tenant_id, id),
    CONSTRAINT quality_checks_step_fk FOREIGN KEY (tenant_id, production_step_id)
        REFERENCES production_steps (tenant_id, id)
);

CREATE INDEX quality_checks_tenant_id_run_idx ON quality_checks (tenant_id, production_run_id, checked_at);
CREATE INDEX quality_checks_tenant_id_step_idx ON quality_checks (tenant_id, production_step_id);

-- Recipes of a bakery: each recipe with its ingredients, its method step by step and the allergens
-- it declares (EU food information rules), traced to the ingredient they come from. Every table
-- carries tenant_id; foreign keys include it, so a row can only ever reference a row of its own
-- tenant. Product ids name inventory-service products: plain uuids, schemas never join.

CREATE TABLE recipes (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    recipe_code        varchar(32)    NOT NULL,
    name               varchar(200)   NOT NULL,
    description        text,
    category           varchar(16)    NOT NULL
        CHECK (category IN ('BREAD', 'VIENNOISERIE', 'PASTRY', 'CAKE', 'COOKIE', 'SAVORY', 'OTHER')),
    finished_product_id uuid,
    yield_quantity     numeric(10, 3) NOT NULL CHECK (yield_quantity > 0),
    yield_unit         varchar(8)     NOT NULL CHECK (yield_unit IN ('UNIT', 'KG', 'G', 'L', 'DOZEN', 'BATCH')),
    prep_time_minutes  integer        NOT NULL DEFAULT 0 CHECK (prep_time_minutes >= 0),
    proof_time_minutes integer        NOT NULL DEFAULT 0 CHECK (proof_time_minutes >= 0),
    bake_time_minutes  integer        NOT NULL DEFAULT 0 CHECK (bake_time_minutes >= 0),
    difficulty         smallint       CHECK (difficulty BETWEEN 1 AND 5),
    estimated_cost     numeric(12, 2) CHECK (estimated_cost >= 0),
    suggested_price    numeric(12, 2) CHECK (suggested_price >= 0),
    status             varchar(16)    NOT NULL CHECK (status IN ('DRAFT', 'TESTING', 'ACTIVE', 'ARCHIVED')),
    version            integer        NOT NULL DEFAULT 1 CHECK (version > 0),
    is_seasonal        boolean        NOT NULL DEFAULT false,
    season_start_month smallint       CHECK (season_start_month BETWEEN 1 AND 12),
    season_end_month   smallint       CHECK (season_end_month BETWEEN 1 AND 12),
    nutrition_per_unit jsonb,
    notes              text,
    created_by         uuid,
    created_at         timestamptz    NOT NULL DEFAULT now(),
    updated_at         timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT recipes_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT recipes_tenant_id_code_key UNIQUE (tenant_id, recipe_code)
);

CREATE INDEX recipes_tenant_id_finished_product_id_idx ON recipes (tenant_id, finished_product_id);

CREATE TABLE recipe_ingredients (
    id                    uuid           PRIMARY KEY,
    tenant_id             uuid           NOT NULL,
    recipe_id             uuid           NOT NULL,
    ingredient_product_id uuid           NOT NULL,
    ingredient_name       varchar(200)   NOT NULL,
    ingredient_group      varchar(64),
    quantity              numeric(12, 3) NOT NULL CHECK (quantity > 0),
    unit                  varchar(8)     NOT NULL CHECK (unit IN ('G', 'KG', 'ML', 'L', 'UNIT', 'TSP', 'TBSP')),
    baker_percentage      numeric(6, 2)  CHECK (baker_percentage >= 0),
    unit_cost             numeric(12, 2) CHECK (unit_cost >= 0),
    preparation_note      text,
    is_optional           boolean        NOT NULL DEFAULT false,
    substitutions         jsonb,
    sort_order            integer        NOT NULL CHECK (sort_order >= 0),
    created_at            timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT recipe_ingredients_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT recipe_ingredients_tenant_id_recipe_order_key UNIQUE (tenant_id, recipe_id, sort_order),
    CONSTRAINT recipe_ingredients_recipe_fk FOREIGN KEY (tenant_id, recipe_id)
        REFERENCES recipes (tenant_id, id)
);

CREATE INDEX recipe_ingredients_tenant_id_product_id_idx ON recipe_ingredients (tenant_id, ingredient_product_id);

CREATE TABLE recipe_steps (
    id                       uuid         PRIMARY KEY,
    tenant_id                uuid         NOT NULL,
    recipe_id                uuid         NOT NULL,
    step_number              integer      NOT NULL CHECK (step_number > 0),
    step_type                varchar(16)  NOT NULL
        CHECK (step_type IN ('MIX', 'KNEAD', 'FERMENT', 'DIVIDE', 'SHAPE', 'PROOF', 'BAKE', 'COOL', 'FINISH', 'OTHER')),
    title                    varchar(120) NOT NULL,
    instruction              text         NOT NULL,
    duration_minutes         integer      CHECK (duration_minutes >= 0),
    temperature_c            numeric(5, 1) CHECK (temperature_c BETWEEN -40 AND 320),
    equipment                varchar(120),
    is_critical_control_point boolean     NOT NULL DEFAULT false,
    created_at               timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT recipe_steps_tenant_id_recipe_step_key UNIQUE (tenant_id, recipe_id, step_number),
    CONSTRAINT recipe_steps_recipe_fk FOREIGN KEY (tenant_id, recipe_id)
        REFERENCES recipes (tenant_id, id)
);

CREATE TABLE recipe_allergens (
    id                   uuid        PRIMARY KEY,
    tenant_id            uuid        NOT NULL,
    recipe_id            uuid        NOT NULL,
    source_ingredient_id uuid,
    allergen             varchar(16) NOT NULL
        CHECK (allergen IN ('GLUTEN', 'CRUSTACEANS', 'EGGS', 'FISH', 'PEANUTS', 'SOY', 'MILK', 'NUTS', 'CELERY',
                            'MUSTARD', 'SESAME', 'SULPHITES', 'LUPIN', 'MOLLUSCS')),
    presence             varchar(12) NOT NULL CHECK (presence IN ('CONTAINS', 'MAY_CONTAIN')),
    note                 text,
    declared_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT recipe_allergens_tenant_id_recipe_allergen_key UNIQUE (tenant_id, recipe_id, allergen),
    CONSTRAINT recipe_allergens_recipe_fk FOREIGN KEY (tenant_id, recipe_id)
        REFERENCES recipes (tenant_id, id),
    CONSTRAINT recipe_allergens_source_ingredient_fk FOREIGN KEY (tenant_id, source_ingredient_id)
        REFERENCES recipe_ingredients (tenant_id, id)
);

CREATE INDEX recipe_allergens_tenant_id_source_ingredient_id_idx ON recipe_allergens (tenant_id, source_ingredient_id);

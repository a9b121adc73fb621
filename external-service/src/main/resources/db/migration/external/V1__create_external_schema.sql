-- Weather and location data. cities and city_weather are city-level reference data shared by every
-- tenant (no tenant_id, never erased with a tenant); each bakery's own locations, its weather
-- subscriptions and the weather fetched for them carry tenant_id, and their foreign keys include it.

CREATE TABLE cities (
    id           uuid          PRIMARY KEY,
    name         varchar(120)  NOT NULL,
    region       varchar(120)  NOT NULL,
    country_code char(2)       NOT NULL CHECK (country_code IN ('ES', 'PT', 'FR')),
    latitude     numeric(9, 6) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude    numeric(9, 6) NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    timezone     varchar(64)   NOT NULL,
    population   integer       CHECK (population >= 0),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT cities_country_code_name_key UNIQUE (country_code, name)
);

CREATE TABLE city_weather (
    id               uuid          PRIMARY KEY,
    city_id          uuid          NOT NULL REFERENCES cities (id),
    source           varchar(16)   NOT NULL CHECK (source IN ('AEMET', 'OPEN_METEO', 'OPENWEATHER')),
    observed_at      timestamptz   NOT NULL,
    is_forecast      boolean       NOT NULL,
    temperature_c    numeric(5, 2) NOT NULL CHECK (temperature_c BETWEEN -60 AND 60),
    precipitation_mm numeric(6, 2) NOT NULL CHECK (precipitation_mm >= 0),
    humidity_pct     numeric(5, 2) NOT NULL CHECK (humidity_pct BETWEEN 0 AND 100),
    wind_speed_kmh   numeric(5, 2) NOT NULL CHECK (wind_speed_kmh >= 0),
    conditions       varchar(16)   NOT NULL CHECK (conditions IN ('CLEAR', 'CLOUDY', 'RAIN', 'SNOW', 'FOG', 'STORM')),
    fetched_at       timestamptz   NOT NULL,
    CONSTRAINT city_weather_city_source_observed_key UNIQUE (city_id, source, observed_at)
);

CREATE TABLE tenant_locations (
    id           uuid          PRIMARY KEY,
    tenant_id    uuid          NOT NULL,
    city_id      uuid          NOT NULL REFERENCES cities (id),
    name         varchar(120)  NOT NULL,
    address_line varchar(200)  NOT NULL,
    postal_code  varchar(16)   NOT NULL,
    latitude     numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
    longitude    numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
    is_primary   boolean       NOT NULL DEFAULT false,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT tenant_locations_tenant_id_id_key UNIQUE (tenant_id, id)
);

CREATE INDEX tenant_locations_city_id_idx ON tenant_locations (city_id);

CREATE TABLE tenant_weather_subscriptions (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    location_id     uuid        NOT NULL,
    source          varchar(16) NOT NULL CHECK (source IN ('AEMET', 'OPEN_METEO', 'OPENWEATHER')),
    granularity     varchar(8)  NOT NULL CHECK (granularity IN ('HOURLY', 'DAILY')),
    forecast_days   integer     NOT NULL DEFAULT 7 CHECK (forecast_days BETWEEN 1 AND 16),
    is_active       boolean     NOT NULL DEFAULT true,
    last_fetched_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenant_weather_subscriptions_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT tenant_weather_subscriptions_location_fk FOREIGN KEY (tenant_id, location_id)
        REFERENCES tenant_locations (tenant_id, id)
);

CREATE INDEX tenant_weather_subscriptions_tenant_id_location_id_idx
    ON tenant_weather_subscriptions (tenant_id, location_id);

CREATE TABLE tenant_weather_data (
    id               uuid          PRIMARY KEY,
    tenant_id        uuid          NOT NULL,
    subscription_id  uuid          NOT NULL,
    observed_at      timestamptz   NOT NULL,
    is_forecast      boolean       NOT NULL,
    temperature_c    numeric(5, 2) NOT NULL CHECK (temperature_c BETWEEN -60 AND 60),
    precipitation_mm numeric(6, 2) NOT NULL CHECK (precipitation_mm >= 0),
    humidity_pct     numeric(5, 2) NOT NULL CHECK (humidity_pct BETWEEN 0 AND 100),
    conditions       varchar(16)   NOT NULL CHECK (conditions IN ('CLEAR', 'CLOUDY', 'RAIN', 'SNOW', 'FOG', 'STORM')),
    raw_payload      jsonb,
    fetched_at       timestamptz   NOT NULL,
    CONSTRAINT tenant_weather_data_subscription_fk FOREIGN KEY (tenant_id, subscription_id)
        REFERENCES tenant_weather_subscriptions (tenant_id, id),
    CONSTRAINT tenant_weather_data_fetched_after_observed CHECK (is_forecast OR fetched_at >= observed_at)
);

CREATE INDEX tenant_weather_data_tenant_id_subscription_id_idx
    ON tenant_weather_data (tenant_id, subscription_id, observed_at);

-- Reference data: the cities bakeries are in, and a week of daily observations for each, so that a
-- location can be registered (and test data generated) on a fresh database.
INSERT INTO cities (id, name, region, country_code, latitude, longitude, timezone, population, created_at) VALUES
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e01', 'Madrid', 'Comunidad de Madrid', 'ES', 40.416775, -3.703790,
     'Europe/Madrid', 3332035, '2024-01-01T00:00:00Z'),
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e02', 'Barcelona', 'Cataluña', 'ES', 41.385064, 2.173404,
     'Europe/Madrid', 1636732, '2024-01-01T00:00:00Z'),
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e03', 'Valencia', 'Comunitat Valenciana', 'ES', 39.469907, -0.376288,
     'Europe/Madrid', 807693, '2024-01-01T00:00:00Z'),
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e04', 'Sevilla', 'Andalucía', 'ES', 37.389092, -5.984459,
     'Europe/Madrid', 681998, '2024-01-01T00:00:00Z'),
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e05', 'Bilbao', 'País Vasco', 'ES', 43.263013, -2.934985,
     'Europe/Madrid', 346405, '2024-01-01T00:00:00Z'),
    ('5a1f0c52-8d4e-4b61-9a77-1c0e2b3d4e06', 'Lisboa', 'Lisboa', 'PT', 38.722252, -9.139337,
     'Europe/Lisbon', 548703, '2024-01-01T00:00:00Z');

INSERT INTO city_weather (id, city_id, source, observed_at, is_forecast, temperature_c, precipitation_mm,
                          humidity_pct, wind_speed_kmh, conditions, fetched_at)
SELECT md5(c.id::text || d.day::text)::uuid,
       c.id,
       'AEMET',
       timestamptz '2024-01-01T12:00:00Z' + d.day * interval '1 day',
       false,
       round((8 + c.latitude / 10 + d.day)::numeric, 2),
       (d.day % 3) * 1.5,
       55 + d.day * 3,
       10 + d.day,
       (ARRAY['CLEAR', 'CLOUDY', 'RAIN'])[1 + d.day % 3],
       timestamptz '2024-01-01T13:00:00Z' + d.day * interval '1 day'
FROM cities c
CROSS JOIN generate_series(0, 6) AS d(day);

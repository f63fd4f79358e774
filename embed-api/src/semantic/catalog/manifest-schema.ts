/**
 * The parts of dbt's `semantic_manifest.json` (legacy `semantic_models:` + `metrics:` spec, dbt-core 1.12) that the
 * catalog reads. Loose objects: dbt adds fields freely; what we do not read we do not check.
 */
import { z } from 'zod';

const Meta = z.record(z.string(), z.unknown());
const Config = z.object({ meta: Meta.nullish() }).loose().nullish();

export const ManifestEntity = z
  .object({ name: z.string(), type: z.string(), expr: z.string().nullish(), role: z.string().nullish() })
  .loose();

export const ManifestDimension = z
  .object({
    name: z.string(),
    type: z.string(),
    description: z.string().nullish(),
    label: z.string().nullish(),
    expr: z.string().nullish(),
    type_params: z
      .object({ time_granularity: z.string().nullish(), validity_params: z.unknown().nullish() })
      .loose()
      .nullish(),
    config: Config,
  })
  .loose();

export const ManifestMeasure = z
  .object({
    name: z.string(),
    agg: z.string(),
    description: z.string().nullish(),
    expr: z.union([z.string(), z.number(), z.boolean()]).nullish(),
    agg_params: z.unknown().nullish(),
    non_additive_dimension: z
      .object({ name: z.string(), window_choice: z.string(), window_groupings: z.array(z.string()).nullish() })
      .loose()
      .nullish(),
    agg_time_dimension: z.string().nullish(),
    config: Config,
  })
  .loose();

export const ManifestSemanticModel = z
  .object({
    name: z.string(),
    description: z.string().nullish(),
    node_relation: z.object({ alias: z.string(), schema_name: z.string() }).loose(),
    defaults: z.object({ agg_time_dimension: z.string().nullish() }).loose().nullish(),
    primary_entity: z.string().nullish(),
    entities: z.array(ManifestEntity),
    dimensions: z.array(ManifestDimension),
    measures: z.array(ManifestMeasure),
    config: Config,
  })
  .loose();

const MetricInput = z
  .object({
    name: z.string(),
    filter: z.unknown().nullish(),
    alias: z.string().nullish(),
    offset_window: z.unknown().nullish(),
    offset_to_grain: z.unknown().nullish(),
    join_to_timespine: z.boolean().nullish(),
    fill_nulls_with: z.unknown().nullish(),
  })
  .loose();

export const ManifestMetric = z
  .object({
    name: z.string(),
    label: z.string().nullish(),
    description: z.string().nullish(),
    type: z.string(),
    filter: z.unknown().nullish(),
    type_params: z
      .object({
        measure: MetricInput.nullish(),
        numerator: MetricInput.nullish(),
        denominator: MetricInput.nullish(),
        expr: z.string().nullish(),
        metrics: z.array(MetricInput).nullish(),
        window: z.unknown().nullish(),
        grain_to_date: z.unknown().nullish(),
      })
      .loose(),
    config: Config,
  })
  .loose();

const TimeSpine = z
  .object({
    node_relation: z.object({ alias: z.string(), schema_name: z.string() }).loose(),
    primary_column: z.object({ name: z.string() }).loose().nullish(),
  })
  .loose();

export const SemanticManifest = z
  .object({
    semantic_models: z.array(ManifestSemanticModel),
    metrics: z.array(ManifestMetric),
    project_configuration: z
      .object({ time_spines: z.array(TimeSpine).nullish() })
      .loose()
      .nullish(),
  })
  .loose();
export type SemanticManifest = z.infer<typeof SemanticManifest>;
export type ManifestSemanticModel = z.infer<typeof ManifestSemanticModel>;
export type ManifestMetric = z.infer<typeof ManifestMetric>;

/**
 * The worker's own metrics: each activity's duration and outcome, failures by activity and failure type
 * (an ApplicationFailure's type, else the error's class), and the photo pipeline's stage timings.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { PhotoPipeline, StageTimings } from '../imaging';

export function activityMetrics(registry: Registry): ActivityInterceptorsFactory {
  const duration = new Histogram({
    name: 'tongpai_activity_duration_seconds',
    help: 'Activity executions on this worker, by activity and outcome (completed, failed)',
    labelNames: ['activity', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'tongpai_activity_failures_total',
    help: "Failed activity executions, by activity and failure type (an ApplicationFailure's type, else the error class)",
    labelNames: ['activity', 'type'] as const,
    registers: [registry],
  });
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const activity = ctx.info.activityType;
        const stop = duration.startTimer({ activity });
        try {
          const result = await next(input);
          stop({ outcome: 'completed' });
          return result;
        } catch (err) {
          stop({ outcome: 'failed' });
          failures.inc({ activity, type: failureType(err) });
          throw err;
        }
      },
    },
  });
}

export function failureType(err: unknown): string {
  if (err instanceof ApplicationFailure) return err.type ?? 'ApplicationFailure';
  return err instanceof Error ? err.name : 'unknown';
}

const stageOf = (key: string) => key.replace(/Ms$/, '');

/** The pipeline, reporting each photo's stage laps (imaging/pipeline.ts StageTimings) as it finishes. */
export function measurePipeline(pipeline: PhotoPipeline, registry: Registry): PhotoPipeline {
  const stages = new Histogram({
    name: 'tongpai_pipeline_stage_seconds',
    help: 'Wall-clock time of each photo pipeline stage (decode, detect, measure, compose, checks, encode, preview)',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    profiles: pipeline.profiles,
    async process(master, options) {
      const result = await pipeline.process(master, options);
      for (const [key, ms] of Object.entries(result.timings) as [keyof StageTimings, number][])
        stages.observe({ stage: stageOf(key) }, ms / 1000);
      return result;
    },
    close: () => pipeline.close(),
  };
}

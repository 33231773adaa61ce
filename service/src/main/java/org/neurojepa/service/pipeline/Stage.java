package org.neurojepa.service.pipeline;

/**
 * One step of the study pipeline. A stage must be idempotent: after a crash its job runs again,
 * so running it twice must leave the same result as running it once.
 */
public interface Stage {
  /** The name jobs carry; unique among stages. */
  String name();

  /** Does the work; an exception fails the attempt and the job is retried with back-off. */
  void run(Job job) throws Exception;
}

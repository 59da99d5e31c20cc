import type { ConsumerSpec } from '../provisioning/consumer-spec';
import { patternCovers, patternsOverlap } from './subject-matcher';

/**
 * A consumer and the handlers of its messages are declared in two places (its ConsumerSpec and
 * `@EventPattern`). A consumer no handler covers would reject its messages one by one at run time,
 * and a pattern no consumer feeds is a handler that never runs; either stops the start instead.
 */
export function assertHandlersCoverConsumers(specs: readonly ConsumerSpec[], patterns: readonly string[]): void {
  const uncovered = specs
    .filter((spec) => !patterns.some((pattern) => patternCovers(pattern, spec.filterSubject)))
    .map(
      (spec) => `consumer ${spec.stream}/${spec.durable} (${spec.filterSubject}) has no @EventPattern taking all of it`,
    );
  const unfed = patterns
    .filter((pattern) => !specs.some((spec) => patternsOverlap(pattern, spec.filterSubject)))
    .map((pattern) => `@EventPattern('${pattern}') matches no consumer's filter subject`);
  const problems = [...uncovered, ...unfed];
  if (problems.length > 0) throw new Error(`the consumers and handlers do not match: ${problems.join('; ')}`);
}

export { InvalidatedCache, type InvalidatedCacheOptions } from './lib/cache/invalidated-cache';
export {
  type ConnectionState,
  JetStreamConnection,
  type JetStreamConnectionOptions,
} from './lib/connection/jetstream-connection';
export { JetStreamModule, type JetStreamModuleAsyncOptions, type JetStreamModuleOptions } from './lib/jetstream.module';
export { ack, type HandlerOutcome, reject, retry } from './lib/outcome/handler-outcome';
export { JetStreamExceptionFilter } from './lib/outcome/jetstream-exception.filter';
export { NonRetryableError } from './lib/outcome/non-retryable.error';
export { RetryableError, type RetryableErrorOptions } from './lib/outcome/retryable.error';
export { CONSUMER_DEFAULTS, type ConsumerSpec } from './lib/provisioning/consumer-spec';
export { type StreamSpec } from './lib/provisioning/stream-spec';
export {
  provisionConsumer,
  provisionStream,
  provisionStreams,
  type ProvisionResult,
} from './lib/provisioning/stream-provisioner';
export { type PublishOptions, type PublishResult, JetStreamPublisher } from './lib/publisher/jetstream.publisher';
export { LoggingRejectedMessageRecorder } from './lib/recorder/logging-rejected-message.recorder';
export { type RejectedMessage, RejectedMessageRecorder } from './lib/recorder/rejected-message-recorder';
export { JetStreamContext, type MessageHeaders } from './lib/server/jetstream.context';
export { JETSTREAM_TRANSPORT, JetStreamServer, type JetStreamServerOptions } from './lib/server/jetstream.server';
export { type PayloadSchema } from './lib/server/registered-handler';

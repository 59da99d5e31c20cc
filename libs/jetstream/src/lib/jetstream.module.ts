import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  type ModuleMetadata,
  Module,
  type Provider,
} from '@nestjs/common';
import { JetStreamConnection, type JetStreamConnectionOptions } from './connection/jetstream-connection';
import type { StreamSpec } from './provisioning/stream-spec';
import { provisionStreams } from './provisioning/stream-provisioner';
import { JetStreamPublisher } from './publisher/jetstream.publisher';

export type JetStreamModuleOptions = JetStreamConnectionOptions & {
  /** Created or updated before the app finishes booting. */
  streams?: readonly StreamSpec[];
};

export type JetStreamModuleAsyncOptions = Pick<ModuleMetadata, 'imports'> &
  Pick<FactoryProvider<JetStreamModuleOptions | Promise<JetStreamModuleOptions>>, 'useFactory' | 'inject'>;

const JETSTREAM_MODULE_OPTIONS = Symbol('JETSTREAM_MODULE_OPTIONS');

/**
 * Provides the shared JetStreamConnection (drained at shutdown) and a JetStreamPublisher, and
 * provisions the streams while the app boots, so consumers attached later find them.
 */
@Global()
@Module({})
export class JetStreamModule {
  static forRoot(options: JetStreamModuleOptions): DynamicModule {
    return JetStreamModule.build({ provide: JETSTREAM_MODULE_OPTIONS, useValue: options });
  }

  static forRootAsync(options: JetStreamModuleAsyncOptions): DynamicModule {
    const { imports = [], useFactory, inject = [] } = options;
    return JetStreamModule.build({ provide: JETSTREAM_MODULE_OPTIONS, useFactory, inject }, imports);
  }

  private static build(optionsProvider: Provider, imports: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: JetStreamModule,
      global: true,
      imports,
      providers: [
        optionsProvider,
        { provide: JetStreamConnection, useFactory: connectAndProvision, inject: [JETSTREAM_MODULE_OPTIONS] },
        {
          provide: JetStreamPublisher,
          useFactory: (connection: JetStreamConnection) => new JetStreamPublisher(connection),
          inject: [JetStreamConnection],
        },
      ],
      exports: [JetStreamConnection, JetStreamPublisher],
    };
  }
}

async function connectAndProvision(options: JetStreamModuleOptions): Promise<JetStreamConnection> {
  const connection = await JetStreamConnection.connect(options);
  try {
    await provisionStreams(connection, options.streams ?? []);
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { HERALD_CONFIG, type HeraldConfig } from '@herald/config';

/** Without provider keys, email and SMS land in `<DATA_DIR>/outbox/` as files a developer can open. */
@Injectable()
export class OutboxWriter {
  private readonly directory: string;

  constructor(@Inject(HERALD_CONFIG) config: HeraldConfig) {
    this.directory = join(config.dataDir, 'outbox');
  }

  async write(name: string, content: string): Promise<string> {
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, name);
    await writeFile(path, content);
    return path;
  }
}

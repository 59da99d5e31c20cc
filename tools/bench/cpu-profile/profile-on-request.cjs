/**
 * Preloaded (`node --require`) into an app by `npm run bench -- --cpu-prof <dir>`: the V8 CPU
 * profiler (what `node --cpu-prof` uses), started and stopped on request so that the profile covers
 * exactly one scenario. For the app named by BENCH_CPU_PROFILE_APP the bench creates
 * `<dir>/<app>.start`, later `<dir>/<app>.stop`; the profile is written to `<dir>/<app>.cpuprofile`.
 * (Signals are no use here: Nest's shutdown hooks own them.)
 */
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Session } = require('node:inspector');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
const app = process.env.BENCH_CPU_PROFILE_APP;
const SAMPLING_INTERVAL_US = 1000;

if (dir && app) {
  const session = new Session();
  session.connect();
  let state = 'idle';
  const timer = setInterval(() => {
    if (state === 'idle' && existsSync(join(dir, `${app}.start`))) {
      state = 'profiling';
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US }, () =>
          session.post('Profiler.start'),
        ),
      );
    } else if (state === 'profiling' && existsSync(join(dir, `${app}.stop`))) {
      state = 'done';
      clearInterval(timer);
      session.post('Profiler.stop', (error, result) => {
        if (error) writeFileSync(join(dir, `${app}.error.txt`), String(error));
        else writeFileSync(join(dir, `${app}.cpuprofile`), JSON.stringify(result.profile));
        session.disconnect();
      });
    }
  }, 50);
  timer.unref();
}

import { serve } from '@hono/node-server';
import { bootstrapAdmin } from './auth/index.ts';
import { readSettings } from './config/settings.ts';
import { openDeployment } from './deployment.ts';
import { startBackgroundWork } from './jobs/background.ts';
import { readInWorker } from './jobs/photo-reader.ts';
import { VERSION } from './version.ts';

/**
 * Background work (the digitize queue, sweeps, the outbox) catches its own failures; should one slip through
 * anyway, it is logged and the server goes on answering: a rejected promise nobody waited for must not take
 * every request down with it (Node's default ends the process).
 */
process.on('unhandledRejection', (reason) => {
  console.error('Unexpected error in background work (the server goes on):', reason);
});

async function main(): Promise<void> {
  const settings = readSettings();
  const deployment = await openDeployment(settings);
  const cardbox = deployment.home.cardbox;
  const admin = await bootstrapAdmin(cardbox, settings.CARDBOX_ADMIN_PASSWORD);
  if (admin?.oneTimePassword) {
    console.log(
      `First start: staff account "${admin.username}" with the one-time password ${admin.oneTimePassword}`,
    );
    console.log('It is shown only this once; log in at /staff/login and choose a new password.');
  } else if (admin) {
    console.log(`First start: staff account "${admin.username}" created with CARDBOX_ADMIN_PASSWORD.`);
  }
  const background = deployment.sites.map((site) => startBackgroundWork(site.cardbox));
  // On PostgreSQL the photos are read from the shared queue: here too unless CARDBOX_APP_READS=off.
  if (deployment.readPhotos && settings.CARDBOX_APP_READS === 'on') await deployment.readPhotos(readInWorker);
  const server = serve({ fetch: deployment.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
    console.log(
      `Cardbox ${VERSION} on http://localhost:${info.port} (data: ${cardbox.settings.DATA_DIR}, public URL: ${settings.PUBLIC_BASE_URL}${deployment.sites.length > 1 ? `, ${deployment.sites.length} institutions` : ''})`,
    );
  });
  const stop = (signal: string) => {
    console.log(`${signal}: finishing writes and stopping`);
    server.close();
    void Promise.all(background.map((work) => work.stop()))
      .then(() => deployment.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Cardbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

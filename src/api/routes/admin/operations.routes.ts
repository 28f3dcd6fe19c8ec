import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../lib/errors.js';
import { versionInventory } from '../../../platform/operations/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { tags } from './admin.schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);

const Release = Type.Object({
  version: Type.String({ description: 'A semantic version, such as 1.4.0.' }),
  date: Type.String({ format: 'date', description: 'The release date.' }),
  notes: Type.String({ description: 'The release notes, as the feed gives them (plain text).' }),
  url: Type.String({ description: 'Where the release and its upgrade notes are.' }),
});

const Versions = Type.Object({
  imhost: Type.String(),
  node: Type.String(),
  openssl: Type.String(),
  database: Type.Object({
    kind: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
    version: Type.String({ description: "The SQLite library's or the PostgreSQL server's version." }),
  }),
});

const ReleaseFeedStatus = Type.Object({
  isEnabled: Type.Boolean({ description: 'Whether IMHOST_RELEASE_FEED_URL is set.' }),
  feedUrl: NullableString,
  checkedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()], {
    description:
      'Why the last check failed; the releases shown are then those of the last check that worked.',
  }),
  current: Type.String({ description: 'The version this node runs.' }),
  latest: Type.Union([Release, Type.Null()]),
  isUpdateAvailable: Type.Boolean(),
  newer: Type.Array(Release, { description: 'Releases newer than this one, newest first.' }),
});

const Operations = Type.Object({ versions: Versions, release: ReleaseFeedStatus });

/** The version inventory and the release feed, for staff deciding when to upgrade. */
export function operationsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { releaseFeed } = ctx.platform;
  const current = async () => ({
    versions: await versionInventory(ctx.database, ctx.version),
    release: await releaseFeed.status(ctx.version),
  });

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/operations',
      {
        schema: {
          tags,
          summary: 'Staff: the versions this node runs, and whether the release feed has a newer imhost',
          response: { 200: Operations, ...errors },
        },
        preHandler: requireStaff(),
      },
      current,
    );

    app.post(
      '/admin/operations/release-check',
      {
        schema: {
          tags,
          summary: 'Staff: check the release feed now',
          response: { 200: Operations, ...errors },
        },
        preHandler: requireStaff(),
      },
      async () => {
        if (!ctx.config.releaseFeedUrl) throw new AppError('release_feed_off');
        await releaseFeed.check();
        return current();
      },
    );
  };
}

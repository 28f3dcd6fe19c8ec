/**
 * "An update is available": a JSON release feed (IMHOST_RELEASE_FEED_URL, format in
 * docs/operations.md), fetched daily by the scheduler and on demand by staff. The last result is
 * kept in `settings`, so every node shows the same answer; whether it is an update is decided when
 * read, against the version that reads it, by semantic-version order.
 */
import semver from 'semver';
import type { Clock } from '../../lib/clock.js';
import type { PlatformDb } from '../db/index.js';
import { readSetting, writeSetting } from './operations.repository.js';

export const RELEASE_FEED_JOB = 'platform.release-feed';
/** Once a day, at a minute nobody else picks. */
export const RELEASE_FEED_CRON = '17 4 * * *';
const SETTING = 'release_feed';
const MAX_FEED_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 15_000;

export interface Release {
  version: string;
  /** The release date, `YYYY-MM-DD`. */
  date: string;
  notes: string;
  url: string;
}

interface StoredCheck {
  feedUrl: string;
  checkedAt: string;
  error: string | null;
  releases: Release[];
}

export interface ReleaseFeedStatus {
  isEnabled: boolean;
  feedUrl: string | null;
  checkedAt: string | null;
  /** Why the last check failed; the releases then are those of the last check that worked. */
  error: string | null;
  current: string;
  latest: Release | null;
  isUpdateAvailable: boolean;
  /** Releases newer than the running version, newest first, with their notes. */
  newer: Release[];
}

export class ReleaseFeedError extends Error {}

function fail(message: string): never {
  throw new ReleaseFeedError(message);
}

/** Checks a feed document and returns its releases, newest first. */
export function parseReleaseFeed(document: unknown): Release[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(document) || !Array.isArray(document.releases))
    fail('the feed is not an object with a "releases" array');
  const releases = document.releases.map((entry: unknown, index): Release => {
    const where = `releases[${index}]`;
    if (!isObject(entry)) fail(`${where} is not an object`);
    const { version, date, notes, url } = entry;
    if (typeof version !== 'string' || semver.valid(version) === null)
      fail(`${where}.version is not a semantic version (such as 1.4.0)`);
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
      fail(`${where}.date is not a date (YYYY-MM-DD)`);
    if (typeof notes !== 'string') fail(`${where}.notes is not text`);
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) fail(`${where}.url is not an http(s) URL`);
    return { version: semver.clean(version)!, date, notes, url };
  });
  return releases.sort((a, b) => semver.rcompare(a.version, b.version));
}

async function fetchFeed(url: string): Promise<Release[]> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    fail(`could not fetch ${url}: ${cause ?? (error as Error).message}`);
  }
  if (!response.ok) fail(`${url} answered ${response.status} ${response.statusText}`);
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_FEED_BYTES) fail(`the feed is larger than ${MAX_FEED_BYTES} bytes`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    fail('the feed is not JSON');
  }
  return parseReleaseFeed(document);
}

export interface ReleaseFeed {
  /** Fetches the feed now and keeps the result (a failure is kept too, with the last good releases). */
  check(): Promise<void>;
  status(currentVersion: string): Promise<ReleaseFeedStatus>;
}

export function createReleaseFeed(deps: {
  feedUrl: string | undefined;
  db: PlatformDb;
  clock: Clock;
}): ReleaseFeed {
  const { feedUrl, db, clock } = deps;
  const stored = async () => (await readSetting(db, SETTING)) as StoredCheck | undefined;

  return {
    async check() {
      if (!feedUrl) return;
      const previous = await stored();
      let next: StoredCheck;
      try {
        next = {
          feedUrl,
          checkedAt: clock.now().toISOString(),
          error: null,
          releases: await fetchFeed(feedUrl),
        };
      } catch (error) {
        if (!(error instanceof ReleaseFeedError)) throw error;
        const releases = previous?.feedUrl === feedUrl ? previous.releases : [];
        next = { feedUrl, checkedAt: clock.now().toISOString(), error: error.message, releases };
      }
      await writeSetting(db, SETTING, next, clock.now().toISOString());
    },

    async status(current) {
      const last = feedUrl ? await stored() : undefined;
      // A result from another feed (the setting changed) says nothing about this one.
      const check = last?.feedUrl === feedUrl ? last : undefined;
      const releases = check?.releases ?? [];
      // Pre-releases are offered only to an installation that runs one.
      const wantsPrerelease = semver.prerelease(current) !== null;
      const offered = releases.filter(
        (release) => wantsPrerelease || semver.prerelease(release.version) === null,
      );
      const newer = semver.valid(current)
        ? offered.filter((release) => semver.gt(release.version, current))
        : [];
      return {
        isEnabled: feedUrl !== undefined,
        feedUrl: feedUrl ?? null,
        checkedAt: check?.checkedAt ?? null,
        error: check?.error ?? null,
        current,
        latest: offered[0] ?? null,
        isUpdateAvailable: newer.length > 0,
        newer,
      };
    },
  };
}

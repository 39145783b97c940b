import { ValidationError, type FieldError } from '../lib/errors.ts';

/**
 * Time buckets for the overview statistics: pure planning and series filling, so the SQL
 * only groups rows by an integer bucket index and the edge cases (alignment, empty buckets,
 * too many buckets) are tested without a database.
 */

/** The bucket sizes a caller may ask for, in seconds. */
export const BUCKET_SIZES = { '1m': 60, '5m': 300, '15m': 900, '1h': 3_600, '6h': 21_600, '1d': 86_400 } as const;
export type BucketName = keyof typeof BUCKET_SIZES;
export const BUCKET_NAMES = Object.keys(BUCKET_SIZES) as BucketName[];

/** At most this many buckets per answer (charts stay readable, queries stay cheap). */
export const MAX_BUCKETS = 500;
/** With `bucket=auto`, the smallest size giving at most this many buckets is chosen. */
export const AUTO_TARGET_BUCKETS = 60;
/** The longest range one request may cover. */
export const MAX_RANGE_SECONDS = 366 * 86_400;

export interface BucketPlan {
  /** Start of the first bucket: `from` aligned down to a multiple of the bucket size (UTC epoch). */
  from: Date;
  /** End of the range (exclusive), as asked. */
  to: Date;
  bucket: BucketName;
  bucketSeconds: number;
  /** Start of every bucket, oldest first. */
  starts: Date[];
}

/**
 * Validates a range and a bucket size and lays out the buckets. Buckets are aligned to the
 * UTC epoch so that a dashboard polling every few seconds sees the same bucket boundaries
 * each time (only the last bucket grows). Throws a 422 `validation_failed` naming the field.
 */
export function planBuckets(q: { from: Date; to: Date; bucket: BucketName | 'auto' }): BucketPlan {
  const errors: FieldError[] = [];
  const span = (q.to.getTime() - q.from.getTime()) / 1000;
  if (!(span > 0))
    errors.push({ field: 'querystring.from', code: 'range_empty', message: '`from` must be before `to`' });
  else if (span > MAX_RANGE_SECONDS)
    errors.push({
      field: 'querystring.from',
      code: 'range_too_long',
      message: `a range may cover at most ${MAX_RANGE_SECONDS / 86_400} days`,
    });
  if (errors.length) throw new ValidationError('the requested time range is not valid', errors);

  const bucket = q.bucket === 'auto' ? autoBucket(span) : q.bucket;
  const size = BUCKET_SIZES[bucket];
  const first = Math.floor(q.from.getTime() / 1000 / size) * size;
  const count = Math.ceil((q.to.getTime() / 1000 - first) / size);
  if (count > MAX_BUCKETS) {
    throw new ValidationError('too many buckets', [
      {
        field: 'querystring.bucket',
        code: 'too_many_buckets',
        message: `${bucket} buckets over this range make ${count}; at most ${MAX_BUCKETS}: choose a larger bucket or a shorter range`,
      },
    ]);
  }
  const starts = Array.from({ length: count }, (_, i) => new Date((first + i * size) * 1000));
  return { from: new Date(first * 1000), to: q.to, bucket, bucketSeconds: size, starts };
}

/** The smallest bucket size that splits `spanSeconds` into at most AUTO_TARGET_BUCKETS buckets (else the largest). */
export function autoBucket(spanSeconds: number): BucketName {
  for (const name of BUCKET_NAMES) if (spanSeconds / BUCKET_SIZES[name] <= AUTO_TARGET_BUCKETS) return name;
  return BUCKET_NAMES[BUCKET_NAMES.length - 1]!;
}

/**
 * Spreads grouped rows (`b` = bucket index as computed in SQL) over every bucket of the
 * plan, with `empty` where no row fell. Rows outside the plan (clock edges) are ignored.
 */
export function fillSeries<R extends { b: number | string }, T>(
  plan: BucketPlan,
  rows: readonly R[],
  pick: (row: R) => T,
  empty: T,
): T[] {
  const out: T[] = plan.starts.map(() => empty);
  for (const r of rows) {
    const i = Number(r.b);
    if (Number.isInteger(i) && i >= 0 && i < out.length) out[i] = pick(r);
  }
  return out;
}

/** Confirmed out of everything that reached the chain or was refused by it; null when nothing did. */
export function successRate(confirmed: number, reverted: number, failed: number): number | null {
  const all = confirmed + reverted + failed;
  return all === 0 ? null : Math.round((confirmed / all) * 10_000) / 10_000;
}

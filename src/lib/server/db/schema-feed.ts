/** Tables of the cohort feed and the contact log (migration 0004-feed). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FeedTables {}

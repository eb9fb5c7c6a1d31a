/** Tables of assignments and submissions (migration 0003-assignments). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AssignmentTables {}

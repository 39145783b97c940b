/** Kysely table types of the pipeline module (its store is their only writer). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PipelineTables {}

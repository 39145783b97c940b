/** Kysely table types of the audit module (its store is their only writer). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditTables {}

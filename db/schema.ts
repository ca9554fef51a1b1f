import type { Generated, Insertable, Selectable } from "kysely";

/** One accepted Yjs update, appended before it is broadcast (write-ahead log). */
export interface DocUpdateTable {
  id: Generated<number>;
  doc_name: string;
  update: Uint8Array;
  created_at: Generated<string>;
}
export type DocUpdate = Selectable<DocUpdateTable>;
export type NewDocUpdate = Insertable<DocUpdateTable>;

/** The compacted state of a document: everything in the log up to `through_update_id`. */
export interface DocStateTable {
  doc_name: string;
  state: Uint8Array;
  through_update_id: number;
  updated_at: string;
}
export type DocState = Selectable<DocStateTable>;

/** The typed shape of the whole database, used by every repository. */
export interface Database {
  doc_updates: DocUpdateTable;
  doc_states: DocStateTable;
}

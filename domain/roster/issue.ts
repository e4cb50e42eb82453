/** One problem in the roster files, as the loader and the reference checks report it. */
export interface RosterIssue {
  /** Path relative to the content folder, e.g. `villages/dongcun.yaml`. */
  file: string;
  /** Dotted path of the field, e.g. `supervisors[2].phone`; empty for the whole file. */
  field: string;
  /** What is wrong and what to do, in Chinese. */
  message: string;
}

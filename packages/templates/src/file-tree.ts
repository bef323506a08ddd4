/** A scaffold: relative file path -> file content. */
export type FileTree = Record<string, string>;

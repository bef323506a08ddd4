export { CreateError, type CreateOptions, createProject, packageNameFor } from './create.js';
export { main } from './main.js';
export { type FileTree, type ProjectOptions, projectTemplate } from './template.js';
export { cqkitVersion } from './version.js';

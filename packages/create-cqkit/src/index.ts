export { CreateError, type CreateOptions, createProject, packageNameFor } from './create.js';
export { main } from './main.js';
export { localPlugin, type ProjectOptions, projectTemplate } from './template.js';
export { cqkitVersion } from './version.js';
